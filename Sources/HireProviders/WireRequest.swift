import AsyncHTTPClient
import Foundation
import HireCore
import NIOCore
import NIOHTTP1

/// How an OpenAI-dialect request asks for output that meets the schema, best first.
enum StructuredOutput: Sendable {
    /// `response_format: {type: json_schema, json_schema: {name, strict, schema}}`: OpenAI,
    /// vLLM, Ollama, LM Studio, llama.cpp's own server.
    case jsonSchema
    /// `response_format: {type: json_object, schema}`: llama-cpp-python's server.
    case jsonObject
    /// No `response_format`: the instructions alone say what to answer.
    case instructed

    /// The next way to try when a server refuses this one.
    var fallback: StructuredOutput? {
        switch self {
        case .jsonSchema: .jsonObject
        case .jsonObject: .instructed
        case .instructed: nil
        }
    }
}

/// One request in a provider's dialect, and the reading of its answer.
struct WireRequest {
    let request: ModelRequest
    let provider: ProviderSettings
    let apiKey: String?
    /// OpenAI dialect: how output is constrained to the schema.
    let output: StructuredOutput

    /// The instructions with the schema spelled out: what a server without schema-constrained
    /// output (and Anthropic's Messages API) has to go by.
    var instructions: String {
        """
        \(request.instructions)
        Answer with one JSON object and nothing else: no prose, no code fences. It must meet this JSON Schema:
        \(request.schema)
        """
    }

    func http(base: String) throws(ModelFailure) -> HTTPClientRequest {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        var http: HTTPClientRequest
        var body: [String: Any]
        switch provider.kind {
        case .openai:
            http = HTTPClientRequest(url: trimmed + "/chat/completions")
            if let apiKey { http.headers.add(name: "authorization", value: "Bearer \(apiKey)") }
            body = [
                "model": provider.model, "temperature": 0, "max_tokens": request.maxTokens,
                "messages": [["role": "system", "content": instructions], ["role": "user", "content": request.input]],
            ]
            if output != .instructed {
                guard let schema = try? JSONSerialization.jsonObject(with: Data(request.schema.utf8)) else {
                    throw .malformed("the request's schema is not JSON")
                }
                body["response_format"] =
                    output == .jsonSchema
                    ? ["type": "json_schema", "json_schema": ["name": request.schemaName, "strict": true, "schema": schema]]
                    : ["type": "json_object", "schema": schema]
            }
        case .anthropic:
            http = HTTPClientRequest(url: trimmed + "/messages")
            if let apiKey { http.headers.add(name: "x-api-key", value: apiKey) }
            http.headers.add(name: "anthropic-version", value: "2023-06-01")
            body = [
                "model": provider.model, "max_tokens": request.maxTokens, "temperature": 0, "system": instructions,
                "messages": [["role": "user", "content": request.input]],
            ]
        }
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "accept", value: "application/json")
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { throw .malformed("cannot encode the request") }
        http.body = .bytes(ByteBuffer(bytes: data))
        return http
    }

    /// The answer's text and usage from a 200's body; a refusal throws.
    func reply(from body: [UInt8]) throws(ModelFailure) -> ModelReply {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .malformed("the body is not a JSON object")
        }
        switch provider.kind {
        case .openai:
            guard let choice = (object["choices"] as? [[String: Any]])?.first, let message = choice["message"] as? [String: Any] else {
                throw .malformed("no choices[0].message")
            }
            if let refusal = message["refusal"] as? String, !refusal.isEmpty { throw .refused(Self.clipped(refusal)) }
            if choice["finish_reason"] as? String == "content_filter" { throw .refused("stopped by the content filter") }
            guard let text = message["content"] as? String else { throw .malformed("no message content") }
            let usage = (object["usage"] as? [String: Any]).flatMap { usage -> TokenUsage? in
                guard let input = usage["prompt_tokens"] as? Int, let output = usage["completion_tokens"] as? Int else { return nil }
                return TokenUsage(inputTokens: input, outputTokens: output)
            }
            return ModelReply(text: text, usage: usage)
        case .anthropic:
            if object["stop_reason"] as? String == "refusal" { throw .refused("stop_reason refusal") }
            guard let content = object["content"] as? [[String: Any]] else { throw .malformed("no content") }
            let text = content.filter { $0["type"] as? String == "text" }.compactMap { $0["text"] as? String }.joined()
            let usage = (object["usage"] as? [String: Any]).flatMap { usage -> TokenUsage? in
                guard let input = usage["input_tokens"] as? Int, let output = usage["output_tokens"] as? Int else { return nil }
                return TokenUsage(inputTokens: input, outputTokens: output)
            }
            return ModelReply(text: text, usage: usage)
        }
    }

    /// The message of an error body in either dialect (`{"error": {"message": …}}`), clipped.
    static func errorMessage(_ body: [UInt8]) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        return clipped((object?["error"] as? [String: Any])?["message"] as? String ?? "")
    }

    static func clipped(_ text: String) -> String { text.count > 200 ? String(text.prefix(200)) + "…" : text }
}
