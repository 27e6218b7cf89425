// speedai-rules: the command-line front end. It only parses arguments and calls the
// libraries (RuleLang, Connectors); every behaviour worth testing lives there.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let status = CommandDispatcher.run(arguments)
exit(status)
