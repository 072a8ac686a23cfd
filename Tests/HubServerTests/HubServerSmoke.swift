import Testing
@testable import HubServer
