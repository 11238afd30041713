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

    /// Server-sent events for one run: `progress` (each `$/progress` report the daemon sends
    /// for a run this desk started, forwarded as it comes), `event` (each `events.event`
    /// notification the daemon sends this user), and at the end `done` or `ended` (see
    /// `endEvent`). The stream
    /// uses the run's follower connection when the desk started the run, else a new one that
    /// hears no reports: when none came for a while (or none can come), the run's last report
    /// is read with `runs.get` instead, which also sees an end no event told.
    private func runEvents(_ runId: String, _ session: Session) async throws -> Response {
        let claimed = followers.claim(runId)
        let follower: RunFollower
        if let claimed { follower = claimed } else { follower = try await RunFollower.open(socket: link.socket, token: session.token) }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                enum Item: Sendable { case tick, progress(JSONValue), event(JSONValue) }
                let (items, feed) = AsyncStream.makeStream(of: Item.self)
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await notification in follower.notifications {
                            if notification.method == "events.event" {
                                feed.yield(.event(notification.params))
                            } else if notification.params["token"] == RunFollower.token {
                                feed.yield(.progress(notification.params["value"] ?? .null))
                            }
                        }
                    }
                    group.addTask {
                        while (try? await Task.sleep(for: Self.pollEvery)) != nil { feed.yield(.tick) }
                    }
                    feed.yield(.tick)
                    do {
                        var last: JSONValue?
                        // A run started here sends reports: the first look at it waits for their silence.
                        var heard = claimed != nil ? ContinuousClock.now : ContinuousClock.now - Self.quietFor
                        // Each report says where it came from (`via`), for the page and its tests.
                        func send(_ progress: JSONValue?, via: String) async throws {
                            guard let progress, var members = progress.objectValue, progress != last else { return }
                            last = progress
                            members["via"] = .string(via)
                            try await writer.write(Self.serverSentEvent("progress", .object(members)))
                        }
                        func poll() async throws {
                            let run = try await follower.client.call("runs.get", params: ["runId": .string(runId)])
                            try await send(run["progress"], via: "runs.get")
                            if Self.isFinished(run) {
                                try await writer.write(Self.endEvent(of: run))
                                feed.finish()
                            }
                        }
                        for await item in items {
                            switch item {
                            case .progress(let value):
                                heard = .now
                                try await send(value, via: "$/progress")
                            case .event(let event):
                                try await writer.write(Self.serverSentEvent("event", event))
                                if event["data"]?["runId"]?.stringValue == runId { try await poll() }
                            case .tick:
                                if ContinuousClock.now - heard >= Self.quietFor { try await poll() }
                            }
                        }
                    } catch {
                        // The browser went away or the daemon ended the session: the stream ends.
                    }
                    group.cancelAll()
                    await follower.client.close()
                }
                try await writer.finish(nil)
            })
    }

    /// How often the stream looks at the run when it hears no reports.
    static let pollEvery: Duration = .milliseconds(400)
    /// How long without a `$/progress` report before the stream reads the run itself.
    static let quietFor: Duration = .seconds(2)

    /// How the stream ends: `done` opens a completed match's results; `ended` leaves the page
    /// (and its log of reports) with a link to the run's record.
    static func endEvent(of run: JSONValue) -> ByteBuffer {
        let location = destination(of: run)
        return serverSentEvent(location.hasPrefix("/match/") ? "done" : "ended", ["location": .string(location)])
    }

    static func serverSentEvent(_ name: String, _ data: JSONValue) -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(data.jsonString)\n\n")
    }
}
