import Hub
/// The Hummingbird application: wallet API, webhook intake, health.
public enum HubServer {}
