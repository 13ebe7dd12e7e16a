import ArgumentParser
import Foundation
import Templating

/// `bcos render TEMPLATE DATA.json [--partials DIR]`: how designers preview a template and how the
/// engine is checked from outside. Prints the output; a template error exits non-zero with its
/// template:line:column message.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render a Mustache template with JSON data to standard output.")

    @Argument(help: "The template file (e.g. Templates/public/course.mustache).") var template: String
    @Argument(help: "A JSON file with the data.") var data: String
    @Option(help: "A directory of templates usable as partials and parents, named by relative path without extension.")
    var partials: String?

    func run() throws {
        do {
            let source = try String(contentsOfFile: template, encoding: .utf8)
            let context = try TemplateValue(jsonData: Data(contentsOf: URL(fileURLWithPath: data)))
            let set = try partials.map { try TemplateSet(directory: URL(fileURLWithPath: $0), strictPartials: false) }
            let name = URL(fileURLWithPath: template).deletingPathExtension().lastPathComponent
            let output = try Template(source, name: name).render(context, partials: set)
            FileHandle.standardOutput.write(Data(output.utf8))
        } catch let error as TemplateError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("error: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
    }
}
