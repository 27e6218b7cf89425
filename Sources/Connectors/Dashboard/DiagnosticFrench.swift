/// The rule checker's diagnostics in French for the dashboard's rules page. The checker writes
/// English (the CLI, its golden files and the engine's logs keep it); its diagnostics carry no
/// code, so this matches each English message against a table of patterns (`{}` is a value:
/// a name, a number, a line) and writes the French text with those values. A message the
/// table does not know gets a French generic text: the admin still sees where (line, column,
/// caret), never English. A help or note the table does not know is left out.
import Foundation
import RuleLang

/// French texts of diagnostics.
enum DiagnosticFrench {
    /// The message in French: from the table, else the generic text for its severity.
    static func message(_ diagnostic: Diagnostic) -> String {
        translated(diagnostic.message, messages) ?? fallback(diagnostic.severity)
    }

    /// The help in French, or nil when the table does not know it.
    static func help(_ english: String) -> String? { translated(english, helps) }

    /// The note in French, or nil when the table does not know it.
    static func note(_ english: String) -> String? { translated(english, notes) }

    /// A refused rule file's summary (`file:14:3: error: …` parts joined by « ; », see
    /// `refusalSummary`) in French: « file, ligne 14, colonne 3 : … » for each part.
    static func refusalSummary(_ english: String) -> String {
        english.components(separatedBy: " ; ").map { part -> String in
            guard let marker = part.range(of: ": error: ") else { return part }
            let place = part[..<marker.lowerBound].split(separator: ":")
            var rest = String(part[marker.upperBound...])
            var more = ""
            if let plus = rest.range(of: " (+", options: .backwards), rest.hasSuffix(")") {
                more = String(rest[plus.lowerBound...])
                rest = String(rest[..<plus.lowerBound])
            }
            let message = translated(rest, messages) ?? fallback(.error)
            guard place.count >= 3, let line = Int(place[place.count - 2]), let column = Int(place[place.count - 1]) else {
                return message + more
            }
            let file = place.dropLast(2).joined(separator: ":")
            return "\(file), ligne \(line), colonne \(column) : \(message)\(more)"
        }.joined(separator: " ; ")
    }

    /// The generic text of a message the table does not know.
    static func fallback(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "cette ligne n’est pas une règle valide : vérifiez l’orthographe et la syntaxe à l’endroit indiqué"
        case .warning: return "point à vérifier à l’endroit indiqué : la règle est acceptée mais peut ne pas faire ce que vous attendez"
        case .note: return "remarque sur cette ligne"
        }
    }

    /// `english` through the first pattern of `table` it matches entirely.
    static func translated(_ english: String, _ table: [(english: String, french: String)]) -> String? {
        for row in table {
            guard let values = match(english[...], pieces: row.english.components(separatedBy: "{}")[...]) else { continue }
            var french = row.french
            for (index, value) in values.enumerated() { french = french.replacingOccurrences(of: "{\(index)}", with: value) }
            return french
        }
        return nil
    }

    /// The values filling the `{}` between `pieces` so that they spell `text` exactly; each
    /// value is non-empty. Tries every place a piece occurs (the texts are one line).
    static func match(_ text: Substring, pieces: ArraySlice<String>) -> [String]? {
        guard let first = pieces.first, text.hasPrefix(first) else { return nil }
        let rest = text.dropFirst(first.count)
        let remaining = pieces.dropFirst()
        guard let next = remaining.first else { return rest.isEmpty ? [] : nil }
        if remaining.count == 1 {
            // The last value runs to the end, before the final piece.
            guard rest.count > next.count, rest.hasSuffix(next) else { return nil }
            return [String(rest.dropLast(next.count))]
        }
        var start = rest.isEmpty ? rest.endIndex : rest.index(after: rest.startIndex)
        while start < rest.endIndex, let found = rest[start...].range(of: next) {
            if let values = match(rest[found.lowerBound...], pieces: remaining) {
                return [String(rest[..<found.lowerBound])] + values
            }
            start = rest.index(after: found.lowerBound)
        }
        return nil
    }

    // MARK: - Tables (the more specific pattern first)

    static let messages: [(english: String, french: String)] = [
        ("unknown setting '{}' in block '{}'", "réglage inconnu « {0} » dans le bloc « {1} »"),
        ("unknown block '{}' in block '{}'", "bloc inconnu « {0} » dans le bloc « {1} »"),
        ("unknown block '{}'", "bloc inconnu « {0} »"),
        ("unknown variable '{}' in the '{}' SMS", "variable inconnue « {0} » dans le SMS « {1} »"),
        ("unknown time zone '{}'", "fuseau horaire inconnu « {0} »"),
        ("unknown strategy '{}'", "stratégie inconnue « {0} »"),
        ("unknown service '{}'", "service inconnu « {0} »"),
        ("unknown name '{}'", "nom inconnu « {0} »"),
        ("unknown escape sequence '{}'", "séquence d’échappement inconnue « {0} »"),
        ("unexpected '{}' after the value", "« {0} » inattendu après la valeur"),
        ("unexpected '{}' at the start of a line", "« {0} » inattendu en début de ligne"),
        ("unexpected '{}': block '{}' is already open", "« {0} » inattendu : le bloc « {1} » est déjà ouvert"),
        ("unexpected '{}': there is no open block to close", "« {0} » inattendu : aucun bloc ouvert à fermer"),
        ("unexpected text in quotes", "texte entre guillemets inattendu"),
        ("unexpected '{}'", "« {0} » inattendu"),
        ("expected a value after '{}'", "une valeur est attendue après « {0} »"),
        ("expected a value, found end of line", "une valeur est attendue, la ligne s’arrête"),
        ("expected a value, found '{}'", "une valeur est attendue, pas « {0} »"),
        ("expected '{}' on the same line as '{}'", "« {0} » est attendu sur la même ligne que « {1} »"),
        ("expected '{}' after '{}'", "« {0} » est attendu après « {1} »"),
        ("expected '{}' before '{}'", "« {0} » est attendu avant « {1} »"),
        ("expected a setting name before '{}'", "un nom de réglage est attendu avant « {0} »"),
        ("expected a text in double quotes", "un texte entre guillemets droits (\") est attendu"),
        ("expected a duration like {}, not a string", "une durée comme {0} est attendue, pas un texte"),
        ("expected a duration like {}, not a number", "une durée comme {0} est attendue, pas un nombre"),
        ("expected a duration like {}, not {}", "une durée comme {0} est attendue, pas {1}"),
        ("expected true or false, not a string", "true ou false est attendu, pas un texte"),
        ("expected true or false, not '{}'", "true ou false est attendu, pas « {0} »"),
        ("expected true or false", "true ou false est attendu"),
        ("expected a number, not a string", "un nombre est attendu, pas un texte"),
        ("expected a number, not {}", "un nombre est attendu, pas {0}"),
        ("expected one of {}, not a string", "une de ces valeurs est attendue : {0} (pas un texte)"),
        ("expected one of {}, not {}", "une de ces valeurs est attendue : {0} (pas {1})"),
        ("expected a condition that is true or false, not a duration", "une condition vraie ou fausse est attendue, pas une durée"),
        ("expected a condition that is true or false, not {}", "une condition vraie ou fausse est attendue, pas {0}"),
        ("expected a time range like {}, or none, not a single time", "une plage horaire comme {0} (ou none) est attendue, pas une heure seule"),
        ("expected a list of weekdays and dates like {}, not a single day", "une liste de jours et de dates comme {0} est attendue, pas un jour seul"),
        ("'{}' has {} minutes; minutes go from 00 to 59", "« {0} » a {1} minutes ; les minutes vont de 00 à 59"),
        ("'{}' is not a time of day: hours go from 00 to 23", "« {0} » n’est pas une heure : les heures vont de 00 à 23"),
        ("'{}' is neither a time of day nor a duration", "« {0} » n’est ni une heure ni une durée"),
        ("'{}' is not a real date: {} has {} days", "« {0} » n’est pas une vraie date : {1} compte {2} jours"),
        ("'{}' is not a valid id: use only lower-case letters a-z, digits, '_' and '-'",
         "« {0} » n’est pas un identifiant valide : utilisez seulement des minuscules a-z, des chiffres, « _ » et « - »"),
        ("'{}' has no field '{}'", "« {0} » n’a pas de champ « {1} »"),
        ("'{}' has no effect with strategy = {}", "« {0} » est sans effet avec strategy = {1}"),
        ("'{}' is already set on line {}", "« {0} » est déjà défini à la ligne {1}"),
        ("'{}' must be at least {}, not {}", "« {0} » doit valoir au moins {1}, pas {2}"),
        ("'{}' must be between {} and {}, not {}", "« {0} » doit être compris entre {1} et {2}, pas {3}"),
        ("'{}' must be a whole number, not {}", "« {0} » doit être un nombre entier, pas {1}"),
        ("'{}' must be true or false, but this expression gives {}", "« {0} » doit être vrai ou faux, mais cette expression donne {1}"),
        ("'{}' must be a duration, but this expression gives {}", "« {0} » doit être une durée, mais cette expression donne {1}"),
        ("'{}' must be {}, but this expression gives {}", "« {0} » doit être {1}, mais cette expression donne {2}"),
        ("'{}' must be inside a block", "« {0} » doit être dans un bloc"),
        ("'{}' is not a web address", "« {0} » n’est pas une adresse web"),
        ("'{}' is not available in the '{}' SMS", "« {0} » n’est pas disponible dans le SMS « {1} »"),
        ("'{}' is a text and has no '{}'", "« {0} » est un texte et n’a pas de « {1} »"),
        ("'{}' is a block: write it without '{}'", "« {0} » est un bloc : écrivez-le sans « {1} »"),
        ("'{}' is a block, not a setting", "« {0} » est un bloc, pas un réglage"),
        ("'{}' is not something '{}' applies to", "« {1} » ne s’applique pas à « {0} »"),
        ("'{}' is not a duration unit", "« {0} » n’est pas une unité de durée"),
        ("'{}' is not a weekday or a date", "« {0} » n’est ni un jour de la semaine ni une date"),
        ("'{}' includes another template, which SMS templates cannot do", "« {0} » inclut un autre modèle, ce que les SMS ne permettent pas"),
        ("{} is only allowed as the end of a time range", "{0} n’est permis qu’en fin de plage horaire"),
        ("{} is listed twice", "{0} figure deux fois"),
        ("a block label is a name or a text in quotes", "le nom d’un bloc est un mot ou un texte entre guillemets"),
        ("a service cannot cross midnight ({})", "un service ne peut pas passer minuit ({0})"),
        ("block '{}' is already declared on line {}", "le bloc « {0} » est déjà déclaré à la ligne {1}"),
        ("block '{}' must be inside block '{}'", "le bloc « {0} » doit être dans le bloc « {1} »"),
        ("'{}' must be inside block '{}'", "« {0} » doit être dans le bloc « {1} »"),
        ("{} is not a real date: {} has {} days", "{0} n’est pas une vraie date : {1} compte {2} jours"),
        ("{} is not a real date", "{0} n’est pas une vraie date"),
        ("block '{}' opened here is never closed", "le bloc « {0} » ouvert ici n’est jamais fermé"),
        ("block '{}' takes no label", "le bloc « {0} » ne prend pas de nom"),
        ("block '{}' needs a label", "le bloc « {0} » doit avoir un nom"),
        ("blocks are nested too deeply here (more than {} levels)", "trop de blocs imbriqués ici (plus de {0} niveaux)"),
        ("comments start with '{}', not '{}'", "les commentaires commencent par « {0} », pas par « {1} »"),
        ("minutes are written with two digits in '{}'", "les minutes s’écrivent avec deux chiffres dans « {0} »"),
        ("no '{}' for {} and {}", "pas d’opérateur « {0} » entre {1} et {2}"),
        ("offers stop {} before a slot, but the customer's link lives only {}",
         "les offres s’arrêtent {0} avant un créneau, mais le lien du client ne vit que {1}"),
        ("service '{}' is already declared on line {}", "le service « {0} » est déjà déclaré à la ligne {1}"),
        ("service '{}' needs '{}'", "le service « {0} » doit avoir « {1} »"),
        ("the priority order is {}, so '{}' must be a number, not {}", "l’ordre de priorité est {0} : « {1} » doit être un nombre, pas {2}"),
        ("the priority order must be a number, a string, a timestamp or a duration, not {}",
         "l’ordre de priorité doit être un nombre, un texte, une date ou une durée, pas {0}"),
        ("the unit '{}' appears more than once in '{}'", "l’unité « {0} » apparaît plusieurs fois dans « {1} »"),
        ("the units of '{}' are out of order", "les unités de « {0} » ne sont pas dans l’ordre"),
        ("this SMS is {} segments ({}, forced by {})", "ce SMS fait {0} segments ({1}, à cause de {2})"),
        ("this line contains bytes that are not valid UTF-8 ({})", "cette ligne contient des octets qui ne sont pas de l’UTF-8 valide ({0})"),
        ("this list is never closed", "cette liste n’est jamais fermée"),
        ("this string is never closed", "ce texte n’est jamais fermé"),
        ("unclosed tag: expected '{}'", "balise non fermée : « {0} » est attendu"),
        ("the rule file could not be compiled", "le fichier de règles n’a pas pu être compilé"),
        // Read from the checker's sources: messages the golden files do not show.
        ("unknown setting '{}'", "réglage inconnu « {0} »"),
        ("'{}' is a setting, not a block", "« {0} » est un réglage, pas un bloc"),
        ("block '{}' needs '{}'", "le bloc « {0} » doit avoir « {1} »"),
        ("block '{}' cannot be inside block '{}'", "le bloc « {0} » ne peut pas être dans le bloc « {1} »"),
        ("the label of a '{}' block cannot be empty", "le nom d’un bloc « {0} » ne peut pas être vide"),
        ("unexpected '{' without a block name", "« { » inattendu sans nom de bloc"),
        ("this line contains an invisible control character ({})", "cette ligne contient un caractère de contrôle invisible ({0})"),
        ("this SMS is {} segments ({})", "ce SMS fait {0} segments ({1})"),
        ("services '{}' ({}) and '{}' ({}) overlap{}", "les services « {0} » ({1}) et « {2} » ({3}) se chevauchent"),
        ("a boost needs a priority order that is a number, a timestamp or a duration; this one is a string",
         "un bonus demande un ordre de priorité qui soit un nombre, une date ou une durée ; celui-ci est un texte"),
        ("'{}' takes weekdays, not dates", "« {0} » prend des jours de la semaine, pas des dates"),
        ("'{}' is not a weekday", "« {0} » n’est pas un jour de la semaine"),
        ("expected a list of service labels, not a single name", "une liste de services est attendue, pas un nom seul"),
        ("expected a service label, not an expression", "un nom de service est attendu, pas une expression"),
        ("expected a service label, not {}", "un nom de service est attendu"),
        ("expected a weekday, not a date", "un jour de la semaine est attendu, pas une date"),
        ("no days listed: this never takes place", "aucun jour indiqué : cela n’a jamais lieu"),
        ("'{{.}}' means nothing here", "« {{.}} » ne veut rien dire ici"),
        ("an SMS template must be one text in quotes, not an expression", "un modèle de SMS doit être un texte entre guillemets, pas une expression"),
        ("this line is indented less than the closing \"\"\"", "cette ligne est moins indentée que les \"\"\" fermants"),
        ("'{}' is not a number", "« {0} » n’est pas un nombre"),
        ("'{}' is not a valid duration", "« {0} » n’est pas une durée valide"),
        ("'{}' is not a valid time range", "« {0} » n’est pas une plage horaire valide"),
        ("this time range is empty: it ends when it starts", "cette plage horaire est vide : elle finit quand elle commence"),
        ("unknown {} '{}'", "valeur inconnue « {1} » pour {0}"),
        ("closing tag {} does not match the open section '{}'", "la balise fermante {0} ne correspond pas à la section ouverte « {1} »"),
        ("closing tag {} has no matching open section", "la balise fermante {0} ne ferme aucune section ouverte"),
        ("empty partial tag: expected a partial name", "balise de modèle partiel vide : un nom est attendu"),
        ("empty tag: expected a name between '{}' and '{}'", "balise vide : un nom est attendu entre « {0} » et « {1} »"),
        ("invalid set-delimiter tag: expected two delimiters separated by a space",
         "balise de délimiteurs invalide : deux délimiteurs séparés par une espace sont attendus"),
        ("partial name '{}' contains a space", "le nom de modèle partiel « {0} » contient une espace"),
        ("tag name '{}' contains a space", "le nom de balise « {0} » contient une espace"),
        ("section '{}' is never closed", "la section « {0} » n’est jamais fermée"),
        ("invalid name '{}'", "nom invalide « {0} »"),
        // Messages of work merged in parallel (booking length, the rule file's own id).
        ("booking_length {} is shorter than the slot length {} of service '{}'",
         "booking_length {0} est plus court que la durée de créneau {1} du service « {2} »"),
        ("booking_length {} is shorter than the slot length {}", "booking_length {0} est plus court que la durée de créneau {1}"),
        ("establishment.id is \"{}\" but this is the rule file of \"{}\" ({})",
         "establishment.id vaut « {0} », mais ce fichier est celui de « {1} » ({2})"),
    ]

    static let helps: [(english: String, french: String)] = [
        ("did you mean '{}'?", "vouliez-vous dire « {0} » ?"),
        ("did you mean {}?", "vouliez-vous dire {0} ?"),
        ("write the value on the same line, after '{}'", "écrivez la valeur sur la même ligne, après « {0} »"),
        ("durations are written without spaces, like {}", "les durées s’écrivent sans espace, comme {0}"),
        ("save the file as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)",
         "enregistrez le fichier en UTF-8 (dans la plupart des éditeurs : Enregistrer sous, puis l’encodage UTF-8)"),
        ("remove the quotes: {}", "enlevez les guillemets : {0}"),
        ("an hour has 60 minutes: did you mean {}?", "une heure compte 60 minutes : vouliez-vous dire {0} ?"),
        ("a setting is written '{}'; a block '{}'", "un réglage s’écrit « {0} » ; un bloc « {1} »"),
        ("a setting is written '{}'", "un réglage s’écrit « {0} »"),
        ("write the largest unit first, like {}", "écrivez la plus grande unité d’abord, comme {0}"),
        ("write each unit once, like {}", "écrivez chaque unité une seule fois, comme {0}"),
        ("to add a note after the value, start it with '{}'", "pour ajouter une note après la valeur, commencez-la par « {0} »"),
        ("remove this extra '{}'", "enlevez ce « {0} » en trop"),
        ("remove it, or look above for a block that is closed twice", "enlevez-la, ou cherchez plus haut un bloc fermé deux fois"),
        ("dates are year-month-day, like {}", "les dates s’écrivent année-mois-jour, comme {0}"),
        ("add a closing \" before the end of the line", "ajoutez un \" fermant avant la fin de la ligne"),
        ("add '{}' after the last item", "ajoutez « {0} » après le dernier élément"),
        ("add '{}' after line {}, where the indentation returns to the block's level",
         "ajoutez « {0} » après la ligne {1}, là où l’indentation revient au niveau du bloc"),
        ("add '{}' at the end of the file", "ajoutez « {0} » à la fin du fichier"),
        ("'{}' belongs in block '{}'", "« {0} » se place dans le bloc « {1} »"),
        ("put it in block '{}': '{}'", "placez-le dans le bloc « {0} » : « {1} »"),
        ("write '{}' or '{}'", "écrivez « {0} » ou « {1} »"),
        ("write '{}' instead of '{}'", "écrivez « {0} » au lieu de « {1} »"),
        ("write '{}'", "écrivez « {0} »"),
        ("write {}", "écrivez {0}"),
        ("remove '{}': write '{}'", "enlevez « {0} » : écrivez « {1} »"),
        ("remove '{}'", "enlevez « {0} »"),
        ("remove one of the two lines", "enlevez l’une des deux lignes"),
        ("merge the two '{}' blocks into one", "regroupez les deux blocs « {0} » en un seul"),
        ("give it another label, or merge the two blocks", "donnez-lui un autre nom, ou regroupez les deux blocs"),
        ("set '{}', or remove this line", "définissez « {0} », ou enlevez cette ligne"),
        ("available in this SMS: {}", "disponibles dans ce SMS : {0}"),
        ("check the braces above: a '{}' is probably missing", "vérifiez les accolades plus haut : il manque sans doute un « {0} »"),
        ("each segment is billed; shorten the text, or use only GSM-7 characters (' instead of ’, no emoji) to fit 160 characters per SMS",
         "chaque segment est facturé : raccourcissez le texte, ou n’utilisez que des caractères GSM-7 (' au lieu de ’, pas d’emoji) pour tenir en 160 caractères par SMS"),
        ("make '{}' shorter than '{}' in block '{}', or customers may never get an offer",
         "rendez « {0} » plus court que « {1} » dans le bloc « {2} », sinon des clients pourraient ne jamais recevoir d’offre"),
        ("end it at {} at the latest, or split it into two services", "terminez-le à {0} au plus tard, ou découpez-le en deux services"),
        ("a booking occupies at least its own slot: write {} or more, or remove this line",
         "une réservation occupe au moins son créneau : écrivez {0} ou plus, ou enlevez cette ligne"),
        ("a booking occupies at least its own slot: write {} or more, or give service '{}' its own booking_length",
         "une réservation occupe au moins son créneau : écrivez {0} ou plus, ou donnez au service « {1} » son propre booking_length"),
    ]

    static let notes: [(english: String, french: String)] = []
}
