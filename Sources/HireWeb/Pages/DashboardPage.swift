import HireCharts
import HireRPC
import Hummingbird

/// The dashboard: each chart as SVG drawn here, with its numbers on hover and in a table beside it.
extension Desk {
    func addDashboardRoutes(to router: Router<WebContext>) {
        router.get("/dashboard") { request, context in
            await guarded(context, title: "Dashboard") { session in
                let job = Self.query(request)["job"].flatMap { $0.isEmpty ? nil : $0 }
                let charts = try await Dashboard.charts(recruiter: session.isRecruiter, jobId: job) { method, params in
                    try await session.call(method, params)
                }
                let stats = try await session.call("stats.get")
                let sections = charts.map { chart -> HTML in
                    let rows = chart.bars.map { bar -> HTML in "<tr><td>\(bar.label)</td><td class=num>\(Chart.format(bar.value))</td></tr>" }
                    return """
                        <section class=chart data-chart="\(chart.id)"><figure>\(HTML(unsafe: ChartDrawing.svg(chart)))</figure>
                        <table class=chart-table data-chart="\(chart.id)"><caption>\(chart.title)</caption>\
                        <thead><tr><th scope=col>\(chart.id.hasPrefix("funnel") ? "stage" : "")</th><th scope=col class=num>\(chart.unit)</th></tr></thead>\
                        <tbody>\(rows)</tbody></table></section>
                        """
                }
                let body: HTML = """
                    <p id=stats>\(stats["jobs"]?.text ?? "0") jobs · \(stats["resumes"]?.text ?? "0") resumes · last activity \(stats["lastActivityAt"]?.text ?? "never")</p>
                    <form method=get action=/dashboard><label>Score spread for job <input name=job value="\(job ?? "")" placeholder="J-… (default: the latest match run's)"></label>
                    <button type=submit>Show</button></form>
                    \(sections)
                    """
                return session.page("Dashboard", current: "/dashboard", body)
            }
        }
    }
}
