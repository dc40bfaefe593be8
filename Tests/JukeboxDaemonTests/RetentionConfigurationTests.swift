import JukeboxDaemon
import Testing

/// `job_retention_days` in jukeboxd.conf(5) and as `--job-retention-days`.
@Test func retentionDaysAreADecimalNumberFromZero() throws {
    var configuration = DaemonConfiguration()
    #expect(configuration.jobRetentionDays == 0)
    for (text, days) in [("30", 30.0), ("0", 0), ("0.5", 0.5), ("36500", 36_500)] {
        try ConfigurationFile.parse(text: "job_retention_days = \(text)\n", path: "/etc/j.conf").apply(
            to: &configuration)
        #expect(configuration.jobRetentionDays == days)
    }
    for bad in ["-1", "36501", "inf", "nan", "1e3", "0x10", "thirty", ""] {
        var untouched = DaemonConfiguration()
        #expect(throws: ConfigurationError.self, "\(bad)") {
            try ConfigurationFile.parse(text: "job_retention_days = \(bad)\n", path: "/etc/j.conf").apply(
                to: &untouched)
        }
    }
    let flagged = try DaemonConfiguration.load(
        commandLine: DaemonCommandLine(arguments: ["--no-config", "--job-retention-days", "7"]))
    #expect(flagged.jobRetentionDays == 7)
}
