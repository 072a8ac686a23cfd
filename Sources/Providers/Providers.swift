/// Provider adapters, one folder each, registered in `ProviderCatalog`.
public enum Providers {}
