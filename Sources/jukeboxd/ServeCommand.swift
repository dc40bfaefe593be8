import ArgumentParser
import JukeboxDaemon
import JukeboxTensor

#if canImport(Glibc)
    import Glibc
#endif

/// `jukeboxd serve`: the daemon itself.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: serve the socket until SIGTERM or SIGINT.",
        discussion: """
            Settings come from the defaults, then the configuration file (/etc/jukeboxd/jukeboxd.conf, \
            or --config PATH, --optional-config PATH, --no-config), then flags: --socket PATH, \
            --models PATH, --state PATH, --memory-budget SIZE, --queue-limit N, --threads N, \
            --load-policy on-start|on-first-use, --max-primer-seconds S, --max-line-bytes SIZE \
            (every key of jukeboxd.conf(5) as --key-with-dashes). --check reads the settings, reports \
            the first error (exit 64) or "configuration OK" (exit 0), and starts nothing. See jukeboxd(8).
            """)

    @Argument(parsing: .captureForPassthrough, help: "Configuration flags, as jukeboxd.conf(5) describes.")
    var flags: [String] = []

    func run() throws {
        if flags.contains("--help") || flags.contains("-h") { throw CleanExit.helpRequest(self) }
        let log = DaemonLog.standardError
        let checkOnly = flags.contains("--check")
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(
                commandLine: DaemonCommandLine(arguments: flags.filter { $0 != "--check" }))
        } catch {
            log("\(error)")
            throw ExitCode(SysExit.usage)
        }
        if checkOnly {
            print("configuration OK")
            return
        }
        // Job folders hold users' primers and music: nothing the daemon creates is for others
        // (the socket's mode is set explicitly).
        umask(umask(0o027) | 0o027)
        ComputeThreads.configure(
            threads: configuration.threads == 0 ? ComputeThreads.onlineProcessorCount : configuration.threads)
        let server: DaemonServer
        do {
            server = try DaemonServer(configuration: configuration, environment: ProcessEnvironment.current(), log: log)
        } catch {
            log("cannot start: \(error)")
            throw ExitCode(SysExit.unavailable)
        }
        server.installSignalHandlers()
        server.run()
    }
}
