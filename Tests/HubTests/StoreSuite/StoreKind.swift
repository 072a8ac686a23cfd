import Foundation
import Testing
@testable import Hub

/// Every store the shared store suite runs against. A new backend is one case here and its line in `open()`.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory
    case sqlite

    /// A new, empty store of this kind (SQLite in its own temporary folder).
    func open() throws -> any TransactionalStore {
        switch self {
        case .memory: MemoryStore()
        case .sqlite: try TestDatabase().open()
        }
    }

    var testDescription: String { rawValue }
}
