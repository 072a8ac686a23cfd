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

    @Test(arguments: [("postgres://hub:secret@db:5432/hub", "PostgreSQL is not supported by this build"),
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
