import HireCharts
import HireClient
import HireRPC

extension HireCLI {
    /// `hire stats --chart`: the web desk's dashboard charts, drawn with Unicode bars.
    static func statsChart(jobId: String?, socket: String, global: GlobalOptions, io: TerminalIO, session: SessionFile) async -> ExitStatus {
        let timeout = Duration.milliseconds(Int(global.timeoutSeconds * 1000))
        do {
            let charts = try await RPCClient.withConnection(socketPath: socket) { client in
                try await attach(session.token(for: socket), client: client, timeout: timeout)
                let me = try await client.call("auth.whoami", params: .object([:]))
                return try await Dashboard.charts(recruiter: me["role"]?.stringValue == "recruiter", jobId: jobId) { method, params in
                    try await client.call(method, params: RawJSON(params), timeout: timeout).parsed()
                }
            }
            let width = max(10, min(60, (io.stdoutIsTerminal ? io.columns ?? 80 : 80) - 44))
            io.out(charts.map { ChartDrawing.terminal($0, width: width).joined(separator: "\n") }.joined(separator: "\n\n") + "\n")
            return .success
        } catch {
            return failed(error, global: global, io: io)
        }
    }
}
