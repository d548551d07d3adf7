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
field-role = role

## Data errors

required = { $field } is missing: it is required.
too_long = { $field } is too long: at most { $max } characters.
too_short = { $field } is too short: at least { $min } characters.
invalid = { $field }: "{ $value }" is not valid.
bad_date = { $field }: "{ $value }" is not a date; write dd/mm/yyyy or yyyy-mm-dd.
bad_number = { $field }: "{ $value }" is not a number.
out_of_range = { $field }: { $value } is out of range ({ $min } to { $max }).
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
has_open_children = { $body } still has { $count } open bodies below it: close or move them first.
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
forbidden = You may not do this in { $body }: ask the body's officers for a role.
forbidden_anywhere = You may not do this.
sign_in_required = Sign in first.
bad_credentials = Wrong username or password.
too_many_attempts = Too many sign-in attempts: wait { $seconds } seconds.
duplicate_username = There is already an account { $username }.
unknown_account = There is no account { $username }.
database_not_empty = The database is not empty: the demo only fills an empty database (use another --db).
unreadable_file = Cannot read { $path }: { $reason }
unwritable_file = Cannot write { $path }: { $reason }
database_unavailable = Cannot open the database: { $reason }
database_ahead = The database was written by a newer cabildo (migration { $found }; this one knows up to { $known }): upgrade cabildo.
conflict = The database refused the change: { $reason }
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
cli-tree-line = { $indent }{ $name } [{ $code }] — { $kind }, { $members } members{ $closed }
cli-closed-mark = , closed
cli-members-under = { $body }: { $members } members.
cli-level-line = level { $depth } — { $kind }: { $bodies } bodies, { $members } members
cli-body-show-title = { $name } [{ $code }] — { $kind } ({ $composition }), number { $id }
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
cli-import-ok = Imported { $rows } rows ({ $encoding }, separator "{ $delimiter }"): { $households_created } new households, { $parcels_created } new parcels, { $households_updated } households updated, { $parcels_updated } parcels updated, { $unchanged } unchanged.
cli-import-ignored = Ignored columns: { $columns }
cli-import-rejected = { $total } rows with errors; nothing was imported. Fix the file and import it again.
cli-import-problem = line { $line }, column "{ $column }", value "{ $value }": { $reason }
cli-import-problem-line = line { $line }: { $reason }
cli-import-more = … and { $more } more problems.
cli-export-ok = Exported { $lines } lines to { $path }.
cli-demo-ok = Demo Trópico: { $bodies } bodies, { $offices } offices, { $households } households with { $parcels } parcels. Root: { $root }.
cli-demo-exists = { $db } already holds the demo Trópico ({ $members } members); nothing was changed. To start over, delete { $db }.
cli-demo-next = Try: cabildo --db { $db } body list --depth 1
cli-demo-csv-ok = Demo padrón written to { $path }: { $lines } lines.
cli-user-created = Account { $username } created (number { $id }).
cli-granted = { $username } is now { $role } in { $body } and everything below it.
cli-token-created = API token for { $username } (keep it: it is not shown again):
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
web-members = { $count } members
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
