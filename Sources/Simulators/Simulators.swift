/// Local stand-ins for the providers' APIs, written from their documentation.
public enum Simulators {}
