/// The types the hub shares with its simulators and adapters (money, phone numbers, counterparties, payment states,
/// HTTP exchanges) live in the small `HubKit` module; every `import Hub` sees them.
@_exported import HubKit
