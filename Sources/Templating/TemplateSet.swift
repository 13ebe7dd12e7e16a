import Foundation

/// Our own Mustache engine: templates are compiled once into node trees and rendered many times
/// into a single growing byte buffer.
///
/// Conformance: the official Mustache specification — comments, delimiters, interpolation,
/// inverted sections, partials, sections, and the optional `~inheritance` (parents `{{<name}}` and
/// blocks `{{$name}}`, which our page layouts use) and `~dynamic-names` (`{{>*name}}`) modules.
/// **Lambdas (`~lambdas`) are not supported**: view models are plain data.
///
/// A `TemplateSet` is a named collection (`layouts/base`, `partials/course-card`, `public/course`).
/// With `strictPartials` (the default, used by the app) every partial or parent a template names
/// must exist when the set is compiled, so a typo stops start-up with `name:line:column: message`;
/// without it, as the spec asks, a missing partial renders as nothing.
public struct TemplateSet: Sendable {
    private let templates: [String: [Node]]

    public init(templates sources: [String: String], strictPartials: Bool = true) throws {
        var compiled: [String: [Node]] = [:]
        for (name, source) in sources {
            compiled[name] = try Parser.parse(source, name: name)
        }
        if strictPartials {
            for name in sources.keys.sorted() {
                guard let nodes = compiled[name] else { continue }
                try TemplateSet.checkReferences(nodes, in: name, known: compiled)
            }
        }
        templates = compiled
    }

    /// Every `*.mustache` file under `directory`, named by its relative path without extension.
    public init(directory: URL, fileExtension: String = "mustache", strictPartials: Bool = true) throws {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var sources: [String: String] = [:]
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else {
            throw TemplateError(template: directory.path, line: 0, column: 0, message: "template directory not found")
        }
        for case let url as URL in walker where url.pathExtension == fileExtension {
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(prefix) else { continue }
            let name = String(path.dropFirst(prefix.count).dropLast(fileExtension.count + 1))
            sources[name] = try String(contentsOf: url, encoding: .utf8)
        }
        try self.init(templates: sources, strictPartials: strictPartials)
    }

    public var names: [String] { templates.keys.sorted() }

    public func contains(_ name: String) -> Bool { templates[name] != nil }

    func compiled(_ name: String) -> [Node]? { templates[name] }

    public func render(_ name: String, _ context: TemplateValue, into buffer: inout [UInt8]) throws {
        guard let nodes = templates[name] else {
            throw TemplateError(template: name, line: 0, column: 0, message: "no template named \"\(name)\"")
        }
        var renderer = Renderer(set: self, context: context, templateName: name, capacity: 0)
        swap(&renderer.output, &buffer)
        defer { swap(&renderer.output, &buffer) }
        try renderer.render(nodes)
    }

    public func renderBytes(_ name: String, _ context: TemplateValue) throws -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        try render(name, context, into: &buffer)
        return buffer
    }

    public func render(_ name: String, _ context: TemplateValue) throws -> String {
        String(decoding: try renderBytes(name, context), as: UTF8.self)
    }

    public func render<T: Encodable>(_ name: String, _ model: T) throws -> String {
        try render(name, try TemplateEncoder().encode(model))
    }

    /// Static partial and parent names must exist in the set.
    private static func checkReferences(_ nodes: [Node], in template: String, known: [String: [Node]]) throws {
        for node in nodes {
            switch node {
            case .partial(.named(let name), _, let location), .parent(.named(let name), _, _, let location):
                guard known[name] != nil else {
                    let kind = if case .partial = node { "partial" } else { "parent" }
                    throw TemplateError(template: template, line: location.line, column: location.column, message: "unknown \(kind) \"\(name)\"")
                }
                if case .parent(_, let blocks, _, _) = node {
                    for content in blocks.values { try checkReferences(content, in: template, known: known) }
                }
            case .section(_, let children, _):
                try checkReferences(children, in: template, known: known)
            case .block(_, let content, _, _):
                try checkReferences(content, in: template, known: known)
            case .parent(.dynamic, let blocks, _, _):
                for content in blocks.values { try checkReferences(content, in: template, known: known) }
            default:
                continue
            }
        }
    }
}

/// A single template compiled from a string (CRM e-mail subjects and bodies written by admins).
public struct Template: Sendable {
    private let set: TemplateSet
    private let name: String

    public init(_ source: String, name: String = "inline") throws {
        self.name = name
        set = try TemplateSet(templates: [name: source], strictPartials: false)
    }

    /// Renders; partials and parents are looked up in `partials` when given.
    public func render(_ context: TemplateValue, partials: TemplateSet? = nil) throws -> String {
        guard let partials else { return try set.render(name, context) }
        return try partials.merging(set).render(name, context)
    }
}

extension TemplateSet {
    init(compiled: [String: [Node]]) { templates = compiled }

    func merging(_ other: TemplateSet) -> TemplateSet {
        TemplateSet(compiled: templates.merging(other.templates) { _, theirs in theirs })
    }
}
