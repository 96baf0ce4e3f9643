import Foundation
import Mustache

/// swift-mustache's parsed templates, rendered by a faster interpreter.
///
/// swift-mustache resolves every `{{name}}` through half a dozen runtime
/// protocol casts per context level (`MustacheParent`,
/// `MustacheCustomRepresentation`, `MustacheCustomRenderable`, …): on the
/// 10,000-entry corpus that was a quarter of the build. This interpreter
/// walks the same tokens, read once from swift-mustache's own parse (so
/// standalone lines, indentation and inheritance are parsed exactly as it
/// parses them), and follows its rendering rules step by step, trying the
/// concrete types view models use (`[String: Any]`, arrays of them, `String`,
/// `Int`, `Bool`) before the protocols. Anything else takes swift-mustache's
/// own path. `TemplateTests` renders the same templates and contexts through
/// both and compares the bytes.
///
/// The parsed tokens are internal to swift-mustache and are read through
/// `Mirror`. When they do not have the expected shape (another version of
/// the library), `compile` returns nil and swift-mustache renders instead.
struct CompiledTemplates: @unchecked Sendable {
    // @unchecked: content types are Sendable; `Any` payloads never appear in nodes.

    final class Template: @unchecked Sendable {
        let nodes: [Node]
        init(_ nodes: [Node]) { self.nodes = nodes }
    }

    /// How a tag names its value.
    enum Name {
        /// `{{.}}`: the top of the context stack.
        case current
        /// `{{first()}}` and friends: the position in the enclosing list.
        case sequence
        /// `{{.a.b}}`: looked up in the top of the stack only.
        case topOnly([String])
        /// `{{a.b}}`: `a` from the nearest context that has it, then `b` inside it.
        case path([String])

        init(_ name: String, hasTransforms: Bool) {
            if name == "." { self = .current }
            else if name.isEmpty && hasTransforms { self = .sequence }
            else if name.first == "." { self = .topOnly(name.split(separator: ".").map(String.init)) }
            else { self = .path(name.split(separator: ".").map(String.init)) }
        }
    }

    enum Node {
        case text([UInt8])
        case variable(Name, transforms: [String], escaped: Bool)
        case section(Name, transforms: [String], Template, inverted: Bool)
        case partial(String, indentation: String?, inherits: [String: Template]?)
        case blockExpansion(String, Template, indentation: String?)
        case contentType(MustacheContentType)
        /// A token this interpreter cannot render the same way (a block
        /// definition outside a parent, a dynamic partial): `compile` refuses.
        case unsupported
    }

    private(set) var templates: [String: Template] = [:]

    /// The interpreter's version of every template, or nil when one of them
    /// uses something it does not render (swift-mustache then renders all).
    static func compile(_ templates: [String: MustacheTemplate]) -> CompiledTemplates? {
        var compiled = CompiledTemplates()
        for (name, template) in templates {
            guard let nodes = Self.nodes(of: template) else { return nil }
            compiled.templates[name] = Template(nodes)
        }
        return compiled
    }

    // MARK: reading swift-mustache's tokens

    private static func nodes(of template: MustacheTemplate) -> [Node]? {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value else { return nil }
        var nodes: [Node] = []
        for token in Mirror(reflecting: tokens).children {
            guard let node = Self.node(token.value) else { return nil }
            if case .unsupported = node { return nil }
            nodes.append(node)
        }
        return nodes
    }

    private static func node(_ token: Any) -> Node? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let kind = payload.label else { return nil }
        let fields = Dictionary(Mirror(reflecting: payload.value).children.compactMap { child in child.label.map { ($0, child.value) } },
                                uniquingKeysWith: { first, _ in first })
        func template(_ value: Any?) -> Template? {
            guard let value = value as? MustacheTemplate, let nodes = Self.nodes(of: value) else { return nil }
            return Template(nodes)
        }
        /// An optional field: `.some(nil)` for a nil value, nil when the field is missing or not an optional.
        func optional(_ value: Any?) -> Any?? {
            guard let value else { return nil }
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return nil }
            return .some(mirror.children.first?.value)
        }
        func string(_ value: Any?) -> String?? {
            guard let field = optional(value) else { return nil }
            guard let wrapped = field else { return .some(nil) }
            return (wrapped as? String).map { .some($0) }
        }
        func inherits(_ value: Any?) -> [String: Template]?? {
            guard let field = optional(value) else { return nil }
            guard let wrapped = field else { return .some(nil) }
            guard let map = wrapped as? [String: MustacheTemplate] else { return nil }
            var result: [String: Template] = [:]
            for (name, parent) in map {
                guard let nodes = Self.nodes(of: parent) else { return nil }
                result[name] = Template(nodes)
            }
            return .some(result)
        }
        switch kind {
        case "text":
            guard let text = payload.value as? String else { return nil }
            return .text(Array(text.utf8))
        case "variable", "unescapedVariable":
            guard let name = fields["name"] as? String, let transforms = fields["transforms"] as? [String] else { return nil }
            return .variable(Name(name, hasTransforms: !transforms.isEmpty), transforms: transforms, escaped: kind == "variable")
        case "section", "invertedSection":
            guard let name = fields["name"] as? String, let transforms = fields["transforms"] as? [String],
                  let body = template(fields["template"]) else { return nil }
            return .section(Name(name, hasTransforms: !transforms.isEmpty), transforms: transforms, body, inverted: kind == "invertedSection")
        case "partial":
            guard let name = fields[".0"] as? String, let indentation = string(fields["indentation"]),
                  let inherited = inherits(fields["inherits"]) else { return nil }
            return .partial(name, indentation: indentation, inherits: inherited)
        case "blockExpansion":
            guard let name = fields["name"] as? String, let body = template(fields["default"]),
                  let indentation = string(fields["indentation"]) else { return nil }
            return .blockExpansion(name, body, indentation: indentation)
        case "contentType":
            guard let type = payload.value as? MustacheContentType else { return nil }
            return .contentType(type)
        default:
            // blockDefinition (only ever inside a parent's token list, which
            // `inherits` reads) and dynamic partials.
            return .unsupported
        }
    }

    // MARK: rendering

    /// The escaping in force: swift-mustache's HTML default, or a content type set by a pragma.
    private enum Escaping {
        case html
        case custom(MustacheContentType)
    }

    /// The position inside a list, for `first()`, `last()`, `index()`, `even()`, `odd()`.
    struct SequencePosition: MustacheTransformable {
        var first: Bool
        var last: Bool
        var index: Int

        func transform(_ name: String) -> Any? {
            switch name {
            case "first": return first
            case "last": return last
            case "index": return index
            case "even": return (index & 1) == 0
            case "odd": return (index & 1) == 1
            default: return nil
            }
        }
    }

    private struct Context {
        var sequence: SequencePosition?
        var indentation: String?
        var inherited: [String: Template]?
        var escaping: Escaping
    }

    /// Renders the template `name` with `object` as the whole context; nil when there is no such template.
    func render(_ object: Any, template name: String) -> String? {
        renderUTF8(object, template: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `render` as UTF-8 bytes, for pages that go straight to a file.
    func renderUTF8(_ object: Any, template name: String) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(templates: templates, stack: [object])
        renderer.output.reserveCapacity(16_384)
        renderer.render(template, Context(sequence: nil, indentation: nil, inherited: nil, escaping: .html))
        return renderer.output
    }

    private struct Renderer {
        let templates: [String: Template]
        /// The context stack: pushed and popped around sections instead of copied per section.
        var stack: [Any]
        var output: [UInt8] = []

        mutating func render(_ template: Template, _ context: Context) {
            var context = context
            let start = output.count
            guard let indentation = context.indentation, !indentation.isEmpty else {
                for node in template.nodes { render(node, &context) }
                return
            }
            // swift-mustache indents a token's output when this template's
            // output so far ends a line (`String.last == "\n"`, so not after "\r\n").
            for node in template.nodes {
                let before = output.count
                let endsLine = before > start && output[before - 1] == 0x0A && !(before - 1 > start && output[before - 2] == 0x0D)
                render(node, &context)
                if endsLine && output.count > before {
                    output.insert(contentsOf: indentation.utf8, at: before)
                }
            }
        }

        mutating func render(_ node: Node, _ context: inout Context) {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let name, let transforms, let escaped):
                guard let value = lookUp(name, transforms: transforms, context) else { return }
                if let text = value as? String {
                    append(text, escaped: escaped, context)
                } else if let number = value as? Int {
                    output.append(contentsOf: String(number).utf8)
                } else if let flag = value as? Bool {
                    output.append(contentsOf: (flag ? "true" : "false").utf8)
                } else if escaped, let template = value as? MustacheTemplate {
                    // Never in view models; rendered with the current object as its context.
                    output.append(contentsOf: template.render(stack.last!).utf8)
                } else if let renderable = value as? MustacheCustomRenderable {
                    append(renderable.renderText, escaped: escaped, context)
                } else if value is MustacheLambda {
                    // Never in view models: lambdas cannot be called from outside swift-mustache.
                    return
                } else {
                    append(String(describing: Self.unwrappingOptional(value)), escaped: escaped, context)
                }
            case .section(let name, let transforms, let body, let inverted):
                let value = lookUp(name, transforms: transforms, context)
                if value is MustacheLambda { return }
                if inverted { renderInverted(value, body, context) } else { renderSection(value, body, context) }
            case .partial(let name, let indented, let inherits):
                guard let template = templates[name] else { return }
                var partial = context
                if let indented { partial.indentation = (context.indentation ?? "") + indented }
                if let inherits {
                    partial.inherited = context.inherited.map { $0.merging(inherits) { outer, _ in outer } } ?? inherits
                }
                partial.sequence = nil
                partial.escaping = .html
                render(template, partial)
            case .blockExpansion(let name, let defaultBody, let indented):
                var block = context
                if let indented { block.indentation = (context.indentation ?? "") + indented }
                block.sequence = nil
                render(context.inherited?[name] ?? defaultBody, block)
            case .contentType(let type):
                context.escaping = type is TemplateLibrary.FastHTML ? .html : .custom(type)
            case .unsupported:
                return
            }
        }

        private mutating func append(_ text: String, escaped: Bool, _ context: Context) {
            guard escaped else { output.append(contentsOf: text.utf8); return }
            switch context.escaping {
            case .html: HTMLEscaping.append(text, to: &output)
            case .custom(let type): output.append(contentsOf: type.escapeText(text).utf8)
            }
        }

        private mutating func renderSection(_ value: Any?, _ body: Template, _ context: Context) {
            var inner = context
            inner.sequence = nil
            switch value {
            case let list as [[String: Any]]:
                renderList(list, body, context)
            // View models' own types before the protocol casts: none of them is
            // a MustacheSequence or MustacheCustomRenderable, so the order
            // does not change the outcome.
            case let flag as Bool:
                if flag { render(body, context) }
            case let object as [String: Any]:
                stack.append(object)
                render(body, inner)
                stack.removeLast()
            case let text as String:
                stack.append(text)
                render(body, inner)
                stack.removeLast()
            case let list as any MustacheSequence:
                renderList(list, body, context)
            case let null as MustacheCustomRenderable where null.isNull:
                return
            case .some(let object):
                stack.append(object)
                render(body, inner)
                stack.removeLast()
            case .none:
                return
            }
        }

        private mutating func renderList<S: Sequence>(_ list: S, _ body: Template, _ context: Context) {
            var iterator = list.makeIterator()
            guard var current = iterator.next() else { return }
            var inner = context
            var position = SequencePosition(first: true, last: false, index: 0)
            while true {
                let next = iterator.next()
                if next == nil { position.last = true }
                inner.sequence = position
                stack.append(current)
                render(body, inner)
                stack.removeLast()
                guard let next else { return }
                current = next
                position.first = false
                position.index += 1
            }
        }

        private mutating func renderInverted(_ value: Any?, _ body: Template, _ context: Context) {
            switch value {
            case let flag as Bool:
                if !flag { render(body, context) }
            case is String, is [String: Any]:
                return
            case let list as [[String: Any]]:
                guard list.isEmpty else { return }
                var inner = context
                inner.sequence = nil
                stack.append(list)
                render(body, inner)
                stack.removeLast()
            case let list as any MustacheSequence:
                guard Self.isEmpty(list) else { return }
                var inner = context
                inner.sequence = nil
                stack.append(list)
                render(body, inner)
                stack.removeLast()
            case let null as MustacheCustomRenderable where null.isNull:
                render(body, context)
            case .some:
                return
            case .none:
                render(body, context)
            }
        }

        private static func isEmpty<S: Sequence>(_ list: S) -> Bool {
            var iterator = list.makeIterator()
            return iterator.next() == nil
        }

        // MARK: looking names up (swift-mustache's getChild)

        private func lookUp(_ name: Name, transforms: [String], _ context: Context) -> Any? {
            var value: Any?
            switch name {
            case .current:
                value = stack.last
            case .sequence:
                value = context.sequence
            case .topOnly(let names):
                value = Self.child(names[...], of: stack.last!)
            case .path(let names):
                guard let first = names.first else { value = stack.last; break }
                for object in stack.reversed() {
                    if let found = Self.immediateChild(first, of: object) {
                        value = Self.child(names.dropFirst(), of: found)
                        break
                    }
                }
            }
            if let found = value, !Self.isPlain(found), let custom = found as? MustacheCustomRepresentation {
                value = custom.representation
            }
            guard var result = value else { return nil }
            for transform in transforms.reversed() {
                guard let transformable = result as? MustacheTransformable, let transformed = transformable.transform(transform) else { return nil }
                result = transformed
            }
            return result
        }

        /// Types that conform to none of swift-mustache's protocols, so its casts can be skipped.
        private static func isPlain(_ value: Any) -> Bool {
            value is String || value is [String: Any] || value is Int || value is Bool || value is [[String: Any]]
        }

        private static func child(_ names: ArraySlice<String>, of object: Any) -> Any? {
            guard let name = names.first else { return object }
            if object is MustacheLambda { return nil }
            guard let found = immediateChild(name, of: object) else { return nil }
            return child(names.dropFirst(), of: found)
        }

        private static func immediateChild(_ name: String, of object: Any) -> Any? {
            if let dictionary = object as? [String: Any] { return dictionary[name] }
            let represented: Any?
            if let custom = object as? MustacheCustomRepresentation { represented = custom.representation } else { represented = object }
            if let parent = represented as? MustacheParent { return parent.child(named: name) }
            guard let represented else { return nil }
            guard let match = Mirror(reflecting: represented).children.first(where: { $0.label == name }) else { return nil }
            let mirror = Mirror(reflecting: match.value)
            guard mirror.displayStyle == .optional else { return match.value }
            return mirror.children.first?.value
        }

        private static func unwrappingOptional(_ value: Any) -> Any {
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return value }
            return mirror.children.first?.value ?? value
        }
    }
}
