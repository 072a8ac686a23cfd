import HubConfiguration
import ProviderPlugins
import Testing

@Suite struct StoreLocationTests {
    @Test(arguments: [("sqlite:///var/lib/hub/payments.sqlite", "/var/lib/hub/payments.sqlite"),
                      ("sqlite:data/hub.sqlite", "data/hub.sqlite"), ("SQLITE:///x.sqlite", "/x.sqlite")])
    func anSQLiteURLNamesItsFile(url: String, path: String) throws {
        #expect(try StoreLocation.parse(url).get() == .sqlite(path: path))
        #expect(try StoreLocation.parse(url).get().sqlitePath(dataDirectory: "/ignored") == path)
    }

    @Test func withoutAURLTheStoreIsInTheDataDirectory() throws {
        let (configuration, _) = try HubConfiguration.load(yaml: ConfigurationFixtures.minimal, environment: ConfigurationFixtures.minimalEnvironment, plugins: providerPlugins.providers)
        #expect(configuration.store == .dataDirectory)
        #expect(configuration.store.sqlitePath(dataDirectory: "/srv/hub") == "/srv/hub/hub.sqlite")
    }

    @Test func theFileAndTheEnvironmentSetIt() throws {
        let yaml = ConfigurationFixtures.minimal + "\nstore: { url: \"sqlite:///srv/from-file.sqlite\" }\n"
        let (fromFile, _) = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment, plugins: providerPlugins.providers)
        #expect(fromFile.store == .sqlite(path: "/srv/from-file.sqlite"))
        let (fromEnvironment, _) = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment.merging(["HUB_DATABASE_URL": "sqlite:///srv/env.sqlite"]) { $1 },
                                                             plugins: providerPlugins.providers)
        #expect(fromEnvironment.store == .sqlite(path: "/srv/env.sqlite"))
    }

    @Test func aPostgresURLNamesItsServerAndDatabaseAndNeverShowsItsPassword() throws {
        let location = try StoreLocation.parse("postgres://hub:s3cret%40x@db.internal:6432/payments?sslmode=require&pool=12").get()
        guard case .postgres(let settings) = location else {
            Issue.record("not a PostgreSQL location: \(location)")
            return
        }
        #expect(settings.host == "db.internal" && settings.port == 6432 && settings.username == "hub" && settings.database == "payments")
        #expect(settings.password == "s3cret@x" && settings.tls == .require && settings.connections == 12)
        #expect(location.sqlitePath(dataDirectory: "/srv/hub") == nil)
        #expect(!"\(location)".contains("s3cret") && !String(reflecting: location).contains("s3cret"))
        let plain = try StoreLocation.parse("postgresql://hub@127.0.0.1/hub").get()
        guard case .postgres(let defaults) = plain else {
            Issue.record("not a PostgreSQL location: \(plain)")
            return
        }
        #expect(defaults.port == 5432 && defaults.password == nil && defaults.tls == .prefer)
    }

    @Test func aPostgresPasswordComesFromTheEnvironmentThroughTheSecretForm() throws {
        let yaml = ConfigurationFixtures.minimal + "\nstore:\n  url: \"postgres://hub@db:5432/hub\"\n  password: { env: HUB_DB_PASSWORD }\n"
        let environment = ConfigurationFixtures.minimalEnvironment.merging(["HUB_DB_PASSWORD": "from-env"]) { $1 }
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: environment, plugins: providerPlugins.providers)
        guard case .postgres(let settings) = configuration.store else {
            Issue.record("not a PostgreSQL location: \(configuration.store)")
            return
        }
        #expect(settings.password == "from-env" && settings.host == "db")
        #expect(HubConfiguration.check(yaml: yaml, plugins: providerPlugins.providers).problems.isEmpty)
        let misplaced = HubConfiguration.check(yaml: ConfigurationFixtures.minimal + "\nstore:\n  url: \"sqlite:///x.sqlite\"\n  password: \"pw-inline\"\n",
                                               plugins: providerPlugins.providers)
        #expect(misplaced.problems.contains { $0.path == "store.url" && $0.message.hasPrefix("a password is only for") })
        #expect(!misplaced.problems.contains { $0.description.contains("pw-inline") })
    }

    @Test(arguments: [("postgres://db:5432/hub", "names no user"), ("postgres://hub:secret@db:5432/", "names no database"),
                      ("postgres://hub:secret@db/hub?sslmode=sometimes", "sslmode must be"),
                      ("postgres://hub:secret@db/hub?timeout=3", "unknown option"), ("postgres://hub:secret@db/hub?pool=0", "pool must be"),
                      ("postgres://hub:secret@db:99999/hub", "port must be"),
                      ("mysql://db/hub", "expected sqlite:///absolute/path"), ("sqlite://host/hub.sqlite", "a host is not allowed"),
                      ("sqlite:", "names no file"), ("sqlite:///data/", "names no file"),
                      ("sqlite:///hub.sqlite?mode=ro", "query and fragment are not supported")])
    func aURLTheHubCannotOpenIsAProblemOnItsPath(url: String, message: String) throws {
        let yaml = ConfigurationFixtures.minimal + "\nstore:\n  url: \"\(url)\"\n"
        let report = HubConfiguration.check(yaml: yaml, plugins: providerPlugins.providers)
        let problem = try #require(report.problems.first)
        #expect(problem.path == "store.url")
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(!problem.description.contains("secret"), "the URL's password is never echoed")
    }

    @Test func anUnknownKeyInTheSectionIsAProblem() {
        let report = HubConfiguration.check(yaml: ConfigurationFixtures.minimal + "\nstore: { path: /x }\n", plugins: providerPlugins.providers)
        #expect(report.problems.contains { $0.path.hasPrefix("store") })
    }
}
