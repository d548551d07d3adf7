# Cabildo — English messages.
# Each error has the same id as its stable code in the program.

## Fields

field-body_name = body name
field-body_code = body code
field-body_kind = body kind
field-composition = composition
field-parent = parent body
field-given_names = given names
field-first_surname = first surname
field-second_surname = second surname
field-full_name = full name
field-id_number = ID number
field-phone = phone
field-register_number = register number
field-parcel_code = parcel code
field-area = area
field-place = place
field-latitude = latitude
field-longitude = longitude
field-affiliated_on = affiliation date
field-sindicato = sindicato
field-sindicato_code = sindicato code
field-office_title = office
field-term_start = start of term
field-term_end = end of term
field-date = date
field-username = username
field-password = password
field-token_name = token name
field-role = role
field-public_id = public id

## Data errors

required = { $field } is missing: it is required.
too_long = { $field } is too long: at most { $max ->
    [one] { $max } character.
   *[other] { $max } characters.
}
too_short = { $field } is too short: at least { $min ->
    [one] { $min } character.
   *[other] { $min } characters.
}
common_password = That password is one of the most used ones, the first an attacker tries: choose another, for example a phrase of several words.
control_character = { $field } holds an invisible control character ({ $code }): type it again without it.
invalid = { $field }: "{ $value }" is not valid.
bad_date = { $field }: "{ $value }" is not a date; write dd/mm/yyyy or yyyy-mm-dd.
bad_number = { $field }: "{ $value }" is not a number.
out_of_range = { $field }: { $value } is out of range ({ $min } to { $max }).
bad_public_id = { $field }: "{ $value }" is not a public id; expected a version 7 UUID in lowercase, like 0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f.
bad_chain_head = "{ $value }" is not a chain head: expected BODY=COUNT:HASH, the count of sealed actas, a colon and at least 16 digits of the chain hash, like S4=3:9f2c4e1a7b3d5f60.
unknown_body_kind = "{ $value }" is not a body kind; use confederacion, federacion, central, subcentral, sindicato, consejo, parlamento, instrumento, filial, comision or otra.
unknown_composition = "{ $value }" is not a composition; use households, individuals, delegates or open.
cycle = Cannot move { $body } under { $new_parent }: { $new_parent } is inside { $body }.
body_closed = { $body } is closed: reopen it or choose an open body.
not_household_body = { $body } is not made of households: families can only join a sindicato of households.
not_individual_body = { $body } is not made of individuals: its members join through their organisations.
affiliation_in_tree = An organisation cannot be affiliated to itself or to another body of its own branch.
end_before_start = The end date { $end } is before the start date { $start }.
office_already_ended = Office { $title } has already ended.

## Padrón file errors

padron_duplicate_column = The column "{ $header }" appears twice (both mean { $column }).
padron_no_parcel_column = The file has no parcel code column (e.g. "Nro. Lote"): families belong to a sindicato through their parcels.
padron_no_name_columns = The file has no name columns: give "Nombres" and "Apellido Paterno", or one "Nombre Completo" column.
padron_unknown_mapped_header = The mapping "{ $mapping }" names a column the file does not have.
padron_unknown_mapped_field = The mapping "{ $mapping }" names no Cabildo field; fields are: { $fields }.
padron_empty = The file is empty: it has no header line.

## Register errors

unknown_body = There is no body "{ $reference }": give its number or its code (see `cabildo body list`).
duplicate_body_code = There is already a body with code { $code }.
duplicate_parcel_code = Parcel { $code } already exists in { $body }.
has_open_children = { $body } still has { $count ->
    [one] { $count } open body below it: close or move it first.
   *[other] { $count } open bodies below it: close or move them first.
}
unknown_household = There is no household { $id }.
unknown_office = There is no office { $id }.
unknown_affiliation = There is no affiliation { $id }.
sindicato_outside_target = Sindicato { $reference } is not under { $target }.
ambiguous_sindicato = { $count } sindicatos under { $target } are called "{ $name }": add a "Código Sindicato" column.
duplicate_parcel_in_file = Parcel { $code } of { $body } appears twice in the file (first on line { $first_line }).
register_number_conflict = Register number { $number } of { $body } is given to two different people (first on line { $first_line }).
duplicate_parcel_in_file_earlier = Parcel { $code } of { $body } appears twice in the file (first higher up, in another part of the same sindicato).
register_number_conflict_earlier = Register number { $number } of { $body } is given to two different people (first higher up, in another part of the same sindicato).
unreadable_line = The line cannot be read: { $reason }
not_text_file = { $path } is not a text (CSV) file: save the spreadsheet as CSV.
not_utf8_line = The line has bytes that are not UTF-8 text, while the rest of the file is UTF-8: correct the line, or save the whole file again as UTF-8.
import_running = Another padrón import is running on this server: try again when it has finished.
forbidden = You may not do this in { $body }: ask the body's officers for a role.
forbidden_anywhere = You may not do this.
sign_in_required = Sign in first.
bad_credentials = Wrong username or password.
too_many_attempts = Too many failed attempts with this password: it unlocks at { $until } (in { $minutes } min).
duplicate_username = There is already an account { $username }.
unknown_account = There is no account { $username }.
account_disabled = An administrator disabled this account: ask them to enable it again.
cannot_disable_self = You cannot disable your own account: ask another administrator.
person_has_account = { $name } is already linked to the account { $username }: unlink it there first.
unknown_token = This account has no API token { $id }.
database_not_empty = The database is not empty: the demo only fills an empty database (use another --db).
unreadable_file = Cannot read { $path }: { $reason }
unwritable_file = Cannot write { $path }: { $reason }
database_unavailable = Cannot open the database: { $reason }
database_ahead = The database was written by a newer cabildo (migration { $found }; this one knows up to { $known }): upgrade cabildo.
migration_changed = Migration { $migration } was changed after this database applied it: use a released cabildo, whose shipped migrations are never edited.
conflict = The database refused the change: it conflicts with another change made at the same moment. Reload the page and try again.
internal = Internal error: { $reason }

## Command line

cli-error = error
cli-usage-date = "{ $value }" is not a date; write dd/mm/yyyy or yyyy-mm-dd.
cli-usage-number = "{ $value }" is not a number.
cli-migrated = Database at migration { $version } ({ $applied } applied now).
cli-body-created = Created { $body } with number { $id }.
cli-body-renamed = { $body } is now called "{ $name }".
cli-body-moved = { $body } moved.
cli-body-closed = { $body } closed on { $date }.
cli-body-reopened = { $body } reopened.
cli-affiliated = Affiliation { $id }: { $member } in { $host } ({ $kind }) since { $since }.
cli-affiliation-ended = Affiliation { $id } ended on { $date }.
cli-household-created = Household { $id } registered in { $body }.
cli-parcel-created = Parcel { $code } added to household { $household }.
cli-member-added = { $name } is a member of { $body } since { $since }.
cli-office-added = Office { $id }: { $title } of { $body }, { $name }, from { $from }.
cli-office-ended = Office { $id } ended on { $date } ({ $reason }).
cli-tree-line = { $indent }{ $name } [{ $code }] — { $kind }, { $members ->
    [one] { $members } member
   *[other] { $members } members
}{ $closed }
cli-closed-mark = , closed
cli-members-under = { $body }: { $members ->
    [one] { $members } member.
   *[other] { $members } members.
}
cli-level-line = level { $depth } — { $kind }: { $bodies ->
    [one] { $bodies } body
   *[other] { $bodies } bodies
}, { $members ->
    [one] { $members } member
   *[other] { $members } members
}
cli-body-show-title = { $name } [{ $code }] — { $kind } ({ $composition }), number { $id }
cli-body-show-public-id = Public id: { $public_id }
cli-body-show-path = Inside: { $path }
cli-body-show-members = Members in all: { $members }
cli-body-show-children = Bodies below:
cli-body-show-offices = Directiva:
cli-body-show-office = { $id }. { $title }: { $name } ({ $from } – { $to }){ $ended }
cli-body-show-office-ended = , ended on { $date } by { $reason }
cli-body-show-affiliations = Affiliations:
cli-body-show-affiliation = { $id }. { $direction } { $other } ({ $kind }), since { $since }{ $until }
cli-affiliation-member-of = member of
cli-affiliation-host-of = hosts
cli-affiliation-until = , until { $date }
cli-body-show-history = History:
cli-history-created = { $date }: created
cli-history-renamed = { $date }: renamed from "{ $from }" to "{ $to }"
cli-history-moved = { $date }: moved from { $from } to { $to }
cli-history-closed = { $date }: closed
cli-history-reopened = { $date }: reopened
cli-history-root = (root)
cli-padron-line = { $number } { $name } — parcels: { $parcels } (household { $id })
cli-padron-empty = No household on this page.
cli-household-show = Household { $id } in { $body }: { $name }
cli-household-private = ID number: { $id_number } · phone: { $phone } · register number: { $number } · affiliated: { $since }
cli-parcel-line = Parcel { $code }: { $area } ha, { $place }{ $coordinates }
cli-member-line = { $id }. { $name }, since { $since }{ $until }
cli-none = —
cli-import-ok = Imported { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} ({ $encoding }, separator "{ $delimiter }"): { $households_created ->
    [one] { $households_created } new household
   *[other] { $households_created } new households
}, { $parcels_created ->
    [one] { $parcels_created } new parcel
   *[other] { $parcels_created } new parcels
}, { $households_updated ->
    [one] { $households_updated } household updated
   *[other] { $households_updated } households updated
}, { $parcels_updated ->
    [one] { $parcels_updated } parcel updated
   *[other] { $parcels_updated } parcels updated
}, { $unchanged } unchanged.
cli-import-ignored = Ignored columns: { $columns }
cli-import-rejected = { $total ->
    [one] { $total } row with errors; nothing was imported. Fix the file and import it again.
   *[other] { $total } rows with errors; nothing was imported. Fix the file and import it again.
}
cli-import-problem = line { $line }, column "{ $column }", value "{ $value }": { $reason }
cli-import-problem-line = line { $line }: { $reason }
cli-import-more = … and { $more } more problems.
cli-export-ok = Exported { $lines ->
    [one] { $lines } line
   *[other] { $lines } lines
} to { $path }.
cli-demo-ok = Demo Trópico: { $bodies } bodies, { $offices } offices, { $households } households with { $parcels } parcels. Root: { $root }.
cli-demo-exists = { $db } already holds the demo Trópico ({ $members ->
    [one] { $members } member
   *[other] { $members } members
}); nothing was changed. To start over, delete { $db }.
cli-demo-next = Try: cabildo --db { $db } body list --depth 1
cli-demo-csv-ok = Demo padrón written to { $path }: { $lines ->
    [one] { $lines } line.
   *[other] { $lines } lines.
}
cli-user-created = Account { $username } created (number { $id }).
cli-granted = { $username } is now { $role } in { $body } and everything below it.
cli-token-created = API token for { $username } (keep it: it is not shown again):
cli-account-line = { $username } ({ $name }) · { $state } · { $roles } · sessions: { $sessions } · live API tokens: { $tokens } · person: { $person }
cli-person-line = { $id } · { $name } · { $what }, { $body }
cli-account-linked = Account { $username } linked to the person.
cli-account-unlinked = Account { $username } has no linked person now.
cli-account-active = active
cli-account-disabled = disabled since { $at }
cli-account-disabled-now = Account { $username } disabled: { $sessions } sessions ended, { $tokens } API tokens revoked.
cli-account-enabled = Account { $username } enabled again.
cli-sessions-ended = { $count ->
    [one] { $count } session of { $username } ended.
   *[other] { $count } sessions of { $username } ended.
}
cli-token-line = { $id } · { $name } · created { $created } · { $state }
cli-token-revoked-at = revoked { $at }
cli-token-revoked = API token { $id } of { $username } revoked.
cli-bad-trusted-proxy = "{ $value }" is neither an address nor a network (write for example 127.0.0.1 or 10.0.0.0/8).
cli-audit-line = { $at } · { $actor } · { $action } · { $detail }
cli-demo-accounts = Demo accounts (password "{ $password }" for all):
cli-demo-account =   { $username }: { $role } in { $body }
cli-serving = Cabildo is serving at { $address } (database { $db }). Ctrl-C stops it.
cli-progress-rows = rows

## Web pages

web-login = Sign in
web-logout = Sign out
web-other-language = Español
web-bodies = Bodies
web-no-bodies = You have no role in any body yet: ask its officers for one.
web-tree-truncated = Bodies of lower levels are listed on each body's page.
web-closed = closed
web-members = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
web-padron = Padrón (member register)
web-sub-bodies = Member bodies
web-directiva = Directiva (officers)
web-holder = Holder
web-term = Term
web-none = None.
web-affiliations = Affiliations
web-search = Search
web-search-placeholder = Name or parcel code
web-no-households = No household.
web-name = Name
web-parcels = Parcels
web-previous = Previous
web-next = Next
web-page = Page
web-setup-title = First account
web-setup-intro = This database has no accounts yet. Create the first administrator's account: it will have the administrador role on every root body.
web-setup-create = Create the account
web-display-name = Full name
web-error-not-found = Not found
web-error-forbidden = Not allowed
web-error-server = Server error
web-error-refused = Could not be done
web-back-to-bodies = Back to the bodies
web-page-not-found = The page { $path } does not exist.
web-bad-value = “{ $field }” does not have a valid value: correct it in the address or the form and try again.
web-bad-form = The form arrived incomplete or in an unknown format: send it again from its page.
web-internal-error = Something failed on the server and nothing was done. Try again in a moment; if it happens again, give whoever runs Cabildo this reference: { $reference }.
web-unavailable-error = The database is not answering right now and nothing was done. Try again in a moment (reference { $reference }).
web-uploaded-file = the uploaded file
kind-confederacion = Confederation
kind-federacion = Federation
kind-central = Central
kind-subcentral = Subcentral
kind-sindicato = Sindicato
kind-consejo = Council
kind-parlamento = Parliament
kind-instrumento = Political instrument
kind-filial = Branch
kind-comision = Commission
kind-otra = Body
web-new-household = Register a household
web-new-parcel = Add a parcel
web-household = Household
web-new-body = Create a member body
web-rename-body = Rename
web-new-office = Add an office to the directiva
web-save = Save
web-composition-default = From the kind
composition-households = Households
composition-individuals = Individuals
composition-delegates = Delegates of organisations
composition-open = Open
web-import-title = Import the padrón
web-import = Import
web-import-problems = Rows with problems
web-line = Line
web-column = Column
web-value = Value
web-reason = What to fix
field-file = CSV file of the padrón
field-mappings = Columns with other names (one per line: Header=field)
web-audit = Change history
web-when = When
web-who = Who
web-what = What
web-public-page = Public page
web-publish = Publish a public page
web-unpublish = Withdraw the public page
web-edit = Edit
web-edit-household = Edit the household's details
web-end-office = End the office
web-end = End
web-end-term = End of term
web-end-resignation = Resignation
web-end-recall = Recall
field-reason = reason
field-on = end date
web-move-body = Move under another body
web-move = Move
web-choose = Choose one…
web-close-body = Close the body

## Accounts
acc-accounts = Accounts
acc-my-account = My account
acc-person = Person
acc-no-person = Not linked to a person
acc-person-explained = The person of the register or the directiva whom the account belongs to: they sign actas with their name and office, and see their family's record.
acc-no-linkable = Nobody to link: the account has no roles on a body with a directiva or families.
acc-person-choose = Link to
acc-person-save = Save the person
acc-family = family
acc-family-numbered = family No. { $number }
acc-roles = Roles
acc-state = State
acc-active = Active
acc-disabled = Disabled
acc-created = Created
acc-sessions-count = Open sessions: { $count }
acc-tokens-count = Live API tokens: { $count }
acc-enable = Enable the account
acc-disable = Disable the account
acc-disable-explained = Disabling the account ends all its sessions and revokes all its API tokens at once; it cannot sign in until it is enabled again.
acc-sessions = Open sessions
acc-since = Since
acc-until = until
acc-this-session = this session
acc-end-other-sessions = End my other sessions
acc-end-sessions = End all its sessions
acc-tokens = API tokens
acc-revoked = Revoked
acc-revoke = Revoke
acc-new-token = Create an API token
acc-confirm-password = Your password, to confirm
acc-create-token = Create the token
acc-token-shown-once = Copy this token now: it will not be shown again. Whoever holds it acts in your name through the API.
