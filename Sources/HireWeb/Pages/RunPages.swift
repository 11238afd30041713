import HireClient
import HireRPC
import Hummingbird

/// A background run's page: live progress as server-sent events, then its results.
extension Desk {
    func addRunRoutes(to router: Router<WebContext>) {
        router.get("/runs/:runId") { _, context in
            await guarded(context, title: "Run") { session in try await runProgressPage(context.parameters.get("runId") ?? "", session) }
        }
        router.get("/runs/:runId/events") { _, context in
            await guarded(context, title: "Run") { session in try await runEvents(context.parameters.get("runId") ?? "", session) }
        }
    }

    /// Where a finished run is shown.
    static func destination(of run: JSONValue) -> String {
        let id = BoardView.encode(run["id"]?.stringValue ?? "")
        return run["kind"]?.stringValue == "match.run" && run["status"]?.stringValue == "completed" ? "/match/\(id)" : "/history/\(id)"
    }

    static func isFinished(_ run: JSONValue) -> Bool {
        !["running", "queued"].contains(run["status"]?.stringValue ?? "")
    }

    private func runProgressPage(_ runId: String, _ session: Session) async throws -> Response {
        let run = try await session.call("runs.get", ["runId": .string(runId)])
        if Self.isFinished(run) { return Page.redirect(Self.destination(of: run)) }
        let body: HTML = """
            <p>\(run["kind"]?.text ?? "") is \(run["status"]?.text ?? ""): this page follows it and opens the results when it ends.</p>
            <p><progress id=run-progress></progress></p>
            <div id=live aria-live=polite data-source="/runs/\(BoardView.encode(runId))/events"></div>
            <noscript><p><a href="/runs/\(BoardView.encode(runId))">Reload</a> to see whether it has finished.</p></noscript>
            """
        return session.page("Run \(runId)", current: "/history", body)
    }

    /// Server-sent events for one run: `progress` (the daemon's latest progress report for it),
    /// `event` (each `events.event` notification the daemon sends this user), and `done` with
    /// the page to open. A connection of its own, subscribed to events, ends with the stream.
    private func runEvents(_ runId: String, _ session: Session) async throws -> Response {
        let client = try await RPCClient.connect(socketPath: link.socket)
        do {
            _ = try await client.call("auth.attach", params: ["token": .string(session.token)])
            _ = try await client.call("events.subscribe", params: ["topics": ["run.completed", "run.failed"]])
        } catch {
            await client.close()
            throw error
        }
        let events = client.notifications(of: "events.event")
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                enum Item: Sendable { case tick, event(JSONValue) }
                let (items, feed) = AsyncStream.makeStream(of: Item.self)
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in events { feed.yield(.event(event)) }
                    }
                    group.addTask {
                        while (try? await Task.sleep(for: .milliseconds(400))) != nil { feed.yield(.tick) }
                    }
                    feed.yield(.tick)
                    do {
                        var last: JSONValue?
                        for await item in items {
                            switch item {
                            case .event(let event):
                                try await writer.write(Self.serverSentEvent("event", event))
                            case .tick:
                                let run = try await client.call("runs.get", params: ["runId": .string(runId)])
                                if let progress = run["progress"], progress != .null, progress != last {
                                    last = progress
                                    try await writer.write(Self.serverSentEvent("progress", progress))
                                }
                                if Self.isFinished(run) {
                                    try await writer.write(Self.serverSentEvent("done", ["location": .string(Self.destination(of: run))]))
                                    feed.finish()
                                }
                            }
                        }
                    } catch {
                        // The browser went away or the daemon ended the session: the stream ends.
                    }
                    group.cancelAll()
                    await client.close()
                }
                try await writer.finish(nil)
            })
    }

    static func serverSentEvent(_ name: String, _ data: JSONValue) -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(data.jsonString)\n\n")
    }
}
