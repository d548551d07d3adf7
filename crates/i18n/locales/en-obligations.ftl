# Attendance obligations of officers, demands for explanation, visitors and informes.

## Errors

field-cadence = how often
unknown_obligation = There is no obligation { $reference }.
obligation_no_such_office = { $body } has no office "{ $office }" in its directiva: an obligation binds an office that exists.
obligation_office_of_another_body = The office "{ $office }" is of { $owner }, not of { $body }: a body binds only its own officers.
obligation_target_unrelated = { $target } is neither above nor below { $body }.
obligation_nothing_owed = No open body below { $body } matches: the obligation would be owed to nobody.
visitor_not_obliged = No obligation or demand brings { $name } to the assemblies of { $body }.
visitor_already_recorded = { $name } is already recorded at this assembly.
unknown_demand = There is no demand for explanation { $reference }.
demand_office_outside = The office "{ $office }" is of { $owner }, which is neither { $body } nor a body above it.
demand_office_ended = The office "{ $office }" ended on { $on }.
demand_no_higher_body = The office is of { $body } itself: there is no higher body to hear the informe at.
demand_not_open = The demand is not open (status: { $status }).
demand_not_placed = The demand is not on any assembly's agenda yet.
demand_officer_absent = { $name } was not recorded present at "{ $assembly }": the demand stays open.
informe_not_holder = You do not hold the office "{ $office }": only its holder submits its informe.
unknown_agenda_item = The assembly has no item { $item } on its agenda.

## History

audit-obligation-state = { $actor } stated in { $body } the obligation { $what }
audit-assembly-visitor = { $actor } recorded at an assembly of { $body } the visit of { $what }
audit-demand-move = { $actor } moved in { $body } a demand for explanation: { $what }
audit-demand-open = The assembly of { $body } adopted the demand for explanation { $what }
audit-demand-place = { $actor } put on the agenda of { $body } the informe of demand { $what }
audit-demand-close = The demand for explanation { $what } was closed ({ $body })
audit-informe-submit = { $actor } submitted an informe in { $body }: { $what }

## Pages

oblig-title = Attendance obligations
oblig-intro = What the statute requires of officers, and what they kept: counted from the attendance recorded at assemblies, never declared.
oblig-stated = What this body's officers owe
oblig-towards = What officers of other bodies owe this body
oblig-none-stated = This body has stated no obligations for its officers.
oblig-none-towards = No officer of another body is bound to attend here.
oblig-nothing-yet = Nothing has fallen due yet.
oblig-directiva = The directiva
oblig-directiva-whole = The whole directiva
oblig-heading = { $office } of { $body }
oblig-holders = Today:
oblig-of-kind = of kind { $kind }
oblig-any-assembly = any assembly
oblig-target-body = of { $body }
oblig-target-children = of each body below
oblig-target-children-kind = of each { $kind } below
oblig-duty-every = attends every assembly{ $kind } { $target }, since { $since }.
oblig-duty-month = attends an assembly{ $kind } { $target } every month, since { $since }.
oblig-duty-quarter = attends an assembly{ $kind } { $target } every quarter, since { $since }.
oblig-duty-year = attends an assembly{ $kind } { $target } every year, since { $since }.
oblig-period-month = { $index }/{ $year }
oblig-period-quarter = Q{ $index } { $year }
oblig-period-year = { $year }
oblig-standing = Standing
oblig-standing-attended = Attended
oblig-standing-excused = Excused
oblig-standing-overdue = Missed
oblig-standing-pending = Pending
oblig-summary = { $required ->
    [one] 1 required
   *[other] { $required } required
} · { $attended ->
    [one] 1 kept
   *[other] { $attended } kept
} · { $excused ->
    [one] 1 excused
   *[other] { $excused } excused
} · { $overdue ->
    [one] 1 overdue
   *[other] { $overdue } overdue
} · { $pending ->
    [one] 1 pending
   *[other] { $pending } pending
}
oblig-owed-body = Body
oblig-date = Date
oblig-assembly = Assembly
oblig-state = State an obligation
oblig-state-help = What the statute says: which office attends which assemblies, and how often. Compliance is computed by itself from recorded attendance.
oblig-field-office = Office
oblig-field-target = Body whose assemblies are owed (code)
oblig-field-target-help = Empty: each body below. A code (F1): the assemblies of that body, above or below this one.
oblig-field-child-kind = Only bodies below of kind
oblig-kind-any = any kind
oblig-field-assembly-kind = Kind of assembly
oblig-field-cadence = How often
oblig-field-since = Since
oblig-state-button = State the obligation
oblig-cadence-month = every month
oblig-cadence-quarter = every quarter
oblig-cadence-year = every year
oblig-cadence-every-assembly = every assembly
oblig-office-heading = { $holder }, { $office }
oblig-office-term = In office since { $from }
oblig-office-term-until = In office from { $from } to { $until }
oblig-office-none = No obligation of the statute binds this office.
oblig-who = { $holder }, { $office } of { $body }
oblig-link = Attendance obligations

demand-title = Demands for explanation
demand-one = Demand for explanation
demand-none = No demands for explanation.
demand-line = { $base } asks { $holder } ({ $office }) to explain before { $body }
demand-place = at "{ $assembly }" on { $date }
demand-status-moved = Moved, not voted
demand-status-open = Open
demand-status-closed = Closed
demand-status-not-adopted = Not adopted
demand-officer = Officer
demand-officer-record = Their attendance record
demand-resolution = Resolution
demand-venue = Heard at
demand-assembly = Assembly
demand-not-placed-yet = At the next assembly convened
demand-item = Agenda item
demand-presence = Presence
demand-officer-present = Recorded present
demand-officer-not-present = Not recorded present yet
demand-closed = Closed
demand-closed-on = on { $date }, by { $by }
demand-close-help = The item was dealt with at the assembly and the officer was present: the demand closes and stays on the record.
demand-close-button = Item dealt with: close the demand
demand-move = Demand an explanation
demand-move-help = A motion voted like any other: adopted, the officer's informe goes on the agenda of the next assembly, and the demand stays open until they are present and the item is dealt with.
demand-field-office = Officer who must explain
demand-field-venue = Where
demand-venue-base = At this body's next assembly
demand-venue-higher = At the next ampliado of the officer's body
demand-field-title = Title of the motion
demand-field-text = Text
demand-move-button = Move the demand

acc-title = Accountability
acc-link = Accountability
acc-visitors = Officers of other bodies
acc-visitors-help = Those an obligation or a demand brings here. Recorded at the door; they count for no quorum and do not vote.
acc-no-visitors = Nobody recorded yet.
acc-present = Present
acc-excused = Excused
acc-demands = Demands heard here

informe-title = Informes
informe-none = No informe submitted.
informe-submit = Submit an informe
informe-field-office = As
informe-field-item = Agenda item
informe-field-text = Informe
informe-submit-button = Submit the informe

## Command line

oblig-cli-stated = Obligation { $id } stated ({ $public_id }).
oblig-cli-visitor = { $name } recorded: { $status }.
audit-obligation-end = { $actor } ended in { $body } the obligation { $what }
obligation_ended = The obligation already ended on { $on }.
obligation_ends_before_it_begins = The obligation binds from { $since }: it cannot end before that, on { $on }.
oblig-ended = Ended on { $on }: not counted since.
oblig-end = End this obligation
oblig-end-on = Last day it binds
oblig-end-button = End the obligation
