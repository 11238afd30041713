import HireCharts
import Testing

@testable import HireWeb

@Suite struct WebConfigurationTests {
    private func configuration(_ host: String, allowRemote: Bool = false, tls: Bool = false) throws(WebConfiguration.Problem) -> WebConfiguration {
        try WebConfiguration(
            host: host, port: 8080, socket: "/tmp/s", allowRemote: allowRemote, tlsCertificate: tls ? "/c.pem" : nil, tlsKey: tls ? "/k.pem" : nil)
    }

    @Test(arguments: ["127.0.0.1", "127.3.2.1", "::1"])
    func loopbackIsServedAsItIs(host: String) throws {
        let served = try configuration(host)
        #expect(served.host == host)
        #expect(served.url().hasPrefix("http://"))
    }

    @Test func aNonLoopbackAddressIsRefusedWithoutAllowRemote() {
        #expect(throws: WebConfiguration.Problem.notLoopback("0.0.0.0")) { try configuration("0.0.0.0") }
        #expect(throws: WebConfiguration.Problem.notLoopback("192.0.2.7")) { try configuration("192.0.2.7", tls: true) }
    }

    @Test func allowRemoteNeedsTLS() throws {
        #expect(throws: WebConfiguration.Problem.remoteNeedsTLS) { try configuration("0.0.0.0", allowRemote: true) }
        let remote = try configuration("0.0.0.0", allowRemote: true, tls: true)
        #expect(remote.url() == "https://0.0.0.0:8080/")
    }

    @Test func namesAndHalfTLSAreRefused() {
        #expect(throws: WebConfiguration.Problem.badAddress("localhost")) { try configuration("localhost") }
        #expect(throws: WebConfiguration.Problem.halfTLS) {
            try WebConfiguration(host: "127.0.0.1", port: 1, socket: "/s", allowRemote: false, tlsCertificate: "/c", tlsKey: nil)
        }
    }
}

@Suite struct MarkupTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsNot() {
        let name = "<script>alert('x')</script> & \"q\""
        let html: HTML = "<p title=\"\(name)\">\(name)</p>\(HTML("<br>"))"
        #expect(html.text == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p><br>")
    }

    @Test func svgBarsCarryTheirNumbersAndEscapedLabels() {
        let chart = Chart(id: "c", title: "T<1>", unit: "jobs", bars: [.init(label: "A&B", value: 4), .init(label: "C", value: 2)])
        let svg = ChartDrawing.svg(chart)
        #expect(svg.contains("<title>A&amp;B: 4 jobs</title>"))
        #expect(svg.contains("data-value=\"2\""))
        #expect(!svg.contains("T<1>"))
    }

    @Test func terminalBarsScaleToTheLargest() {
        let lines = ChartDrawing.terminal(Chart(id: "c", title: "T", unit: "runs", bars: [.init(label: "a", value: 8), .init(label: "b", value: 1)]), width: 8)
        #expect(lines == ["T (runs)", "  a ████████ 8", "  b █ 1"])
    }
}
