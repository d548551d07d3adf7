# Obligaciones de asistencia de los dirigentes, demandas de explicación, visitas e informes.

## Errores

field-cadence = frecuencia
unknown_obligation = No hay una obligación { $reference }.
obligation_no_such_office = { $body } no tiene el cargo «{ $office }» en su directiva: una obligación se establece sobre un cargo que existe.
obligation_office_of_another_body = El cargo «{ $office }» es de { $owner }, no de { $body }: un organismo obliga solo a sus propios dirigentes.
obligation_target_unrelated = { $target } no está ni encima ni debajo de { $body }.
obligation_nothing_owed = Ningún organismo abierto debajo de { $body } cumple lo elegido: la obligación no se debería a nadie.
visitor_not_obliged = Ninguna obligación ni demanda trae a { $name } a las asambleas de { $body }.
visitor_already_recorded = { $name } ya está registrado en esta asamblea.
unknown_demand = No hay una demanda de explicación { $reference }.
demand_office_outside = El cargo «{ $office }» es de { $owner }, que no es { $body } ni un organismo superior a él.
demand_office_ended = El cargo «{ $office }» terminó el { $on }.
demand_no_higher_body = El cargo es de { $body } mismo: no hay un organismo superior donde escuchar el informe.
demand_not_open = La demanda no está abierta (estado: { $status }).
demand_not_placed = La demanda todavía no está en el orden del día de ninguna asamblea.
demand_officer_absent = { $name } no fue registrado presente en «{ $assembly }»: la demanda sigue abierta.
informe_not_holder = Usted no ocupa el cargo «{ $office }»: solo quien lo ocupa presenta su informe.
unknown_agenda_item = La asamblea no tiene el punto { $item } en su orden del día.

## Historial

audit-obligation-state = { $actor } estableció en { $body } la obligación { $what }
audit-assembly-visitor = { $actor } registró en una asamblea de { $body } la visita de { $what }
audit-demand-move = { $actor } propuso en { $body } una demanda de explicación: { $what }
audit-demand-open = La asamblea de { $body } aprobó la demanda de explicación { $what }
audit-demand-place = { $actor } puso en el orden del día de { $body } el informe de la demanda { $what }
audit-demand-close = Se cerró la demanda de explicación { $what } ({ $body })
audit-informe-submit = { $actor } presentó un informe en { $body }: { $what }

## Páginas

oblig-title = Obligaciones de asistencia
oblig-intro = Lo que el estatuto exige a los dirigentes, y lo que cumplieron: se cuenta de la asistencia registrada en las asambleas, nadie lo declara.
oblig-stated = Lo que deben los dirigentes de este organismo
oblig-towards = Lo que deben a este organismo los dirigentes de otros
oblig-none-stated = Este organismo no estableció obligaciones para sus dirigentes.
oblig-none-towards = Ningún dirigente de otro organismo tiene obligación de asistir aquí.
oblig-nothing-yet = Todavía no venció nada.
oblig-directiva = La directiva
oblig-directiva-whole = Toda la directiva
oblig-heading = { $office } de { $body }
oblig-holders = Hoy:
oblig-of-kind = de tipo { $kind }
oblig-any-assembly = cualquier asamblea
oblig-target-body = de { $body }
oblig-target-children = de cada organismo de abajo
oblig-target-children-kind = de cada { $kind } de abajo
oblig-duty-every = asiste a cada asamblea{ $kind } { $target }, desde el { $since }.
oblig-duty-month = asiste a una asamblea{ $kind } { $target } cada mes, desde el { $since }.
oblig-duty-quarter = asiste a una asamblea{ $kind } { $target } cada trimestre, desde el { $since }.
oblig-duty-year = asiste a una asamblea{ $kind } { $target } cada año, desde el { $since }.
oblig-period-month = { $index }/{ $year }
oblig-period-quarter = T{ $index } { $year }
oblig-period-year = { $year }
oblig-standing = Estado
oblig-standing-attended = Asistió
oblig-standing-excused = Justificó
oblig-standing-overdue = Faltó
oblig-standing-pending = Pendiente
oblig-summary = { $required ->
    [one] 1 exigida
   *[other] { $required } exigidas
} · { $attended ->
    [one] 1 cumplida
   *[other] { $attended } cumplidas
} · { $excused ->
    [one] 1 justificada
   *[other] { $excused } justificadas
} · { $overdue ->
    [one] 1 vencida sin asistir
   *[other] { $overdue } vencidas sin asistir
} · { $pending ->
    [one] 1 pendiente
   *[other] { $pending } pendientes
}
oblig-owed-body = Organismo
oblig-date = Fecha
oblig-assembly = Asamblea
oblig-state = Establecer una obligación
oblig-state-help = Lo que dice el estatuto: qué cargo asiste a qué asambleas y cada cuánto. El cumplimiento se calcula solo, de la asistencia registrada.
oblig-field-office = Cargo
oblig-field-target = Organismo cuyas asambleas se deben (código)
oblig-field-target-help = Vacío: cada organismo de abajo. Un código (F1): las asambleas de ese organismo, encima o debajo de este.
oblig-field-child-kind = Solo organismos de abajo de tipo
oblig-kind-any = cualquier tipo
oblig-field-assembly-kind = Tipo de asamblea
oblig-field-cadence = Frecuencia
oblig-field-since = Desde
oblig-state-button = Establecer la obligación
oblig-cadence-month = cada mes
oblig-cadence-quarter = cada trimestre
oblig-cadence-year = cada año
oblig-cadence-every-assembly = cada asamblea
oblig-office-heading = { $holder }, { $office }
oblig-office-term = En el cargo desde el { $from }
oblig-office-term-until = En el cargo del { $from } al { $until }
oblig-office-none = Ninguna obligación del estatuto pesa sobre este cargo.
oblig-who = { $holder }, { $office } de { $body }
oblig-link = Obligaciones de asistencia

demand-title = Demandas de explicación
demand-one = Demanda de explicación
demand-none = Ninguna demanda de explicación.
demand-line = { $base } pide que { $holder } ({ $office }) explique ante { $body }
demand-place = en «{ $assembly }» del { $date }
demand-status-moved = Propuesta, sin votar
demand-status-open = Abierta
demand-status-closed = Cerrada
demand-status-not-adopted = No aprobada
demand-officer = Dirigente
demand-officer-record = Su registro de asistencia
demand-resolution = Resolución
demand-venue = Se escucha en
demand-assembly = Asamblea
demand-not-placed-yet = En la próxima asamblea que se convoque
demand-item = Punto del orden del día
demand-presence = Presencia
demand-officer-present = Registrado presente
demand-officer-not-present = Todavía no registrado presente
demand-closed = Cerrada
demand-closed-on = el { $date }, por { $by }
demand-close-help = El punto fue tratado en la asamblea y el dirigente estuvo presente: la demanda se cierra y queda en el registro.
demand-close-button = Punto tratado: cerrar la demanda
demand-move = Demandar una explicación
demand-move-help = Una moción que se vota como cualquier otra: aprobada, el informe del dirigente va al orden del día de la próxima asamblea, y la demanda queda abierta hasta que él esté presente y el punto se trate.
demand-field-office = Dirigente que debe explicar
demand-field-venue = Dónde
demand-venue-base = En la próxima asamblea de este organismo
demand-venue-higher = En el próximo ampliado del organismo del dirigente
demand-field-title = Título de la moción
demand-field-text = Texto
demand-move-button = Proponer la demanda

acc-title = Rendición de cuentas
acc-link = Rendición de cuentas
acc-visitors = Dirigentes de otros organismos
acc-visitors-help = Los que una obligación o una demanda trae aquí. Se registran en la puerta; no cuentan para el quórum ni votan.
acc-no-visitors = Nadie registrado todavía.
acc-present = Presente
acc-excused = Justificado
acc-demands = Demandas que se escuchan aquí

informe-title = Informes
informe-none = Ningún informe presentado.
informe-submit = Presentar un informe
informe-field-office = Como
informe-field-item = Punto del orden del día
informe-field-text = Informe
informe-submit-button = Presentar el informe

## Línea de comandos

oblig-cli-stated = Obligación { $id } establecida ({ $public_id }).
oblig-cli-visitor = { $name } registrado: { $status }.
audit-obligation-end = { $actor } dio por terminada en { $body } la obligación { $what }
obligation_ended = La obligación ya terminó el { $on }.
obligation_ends_before_it_begins = La obligación rige desde el { $since }: no puede terminar antes, el { $on }.
oblig-ended = Terminó el { $on }: desde entonces no se cuenta.
oblig-end = Terminar esta obligación
oblig-end-on = Último día en que obliga
oblig-end-button = Terminar la obligación
