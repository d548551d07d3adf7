# Delegados, asientos y credenciales: un congreso (o un ampliado) declara sus asientos, cada
# organización de abajo elige a sus delegados en su asamblea, y la puerta admite por credencial.

field-seat_rule = forma de repartir los asientos
field-seat_number = número

seat-role-holder = titular
seat-role-alternate = suplente
weighted-true = pondera cada delegación por sus afiliados
weighted-false = cuenta un voto por delegado

## Errores

unknown_delegation = No hay una delegación { $id }.
seats_not_for_kind = Una asamblea { $kind } no tiene delegados: solo un congreso o un ampliado declara asientos.
seats_already_declared = Los asientos de esta asamblea ya fueron declarados.
seats_no_sub_bodies = { $body } no tiene organizaciones abiertas debajo ni afiliadas a quienes dar asientos.
delegation_not_of_body = La delegación es de { $delegation }, no de { $body }: cada organización elige a sus delegados en su propia asamblea.
delegation_ended = La delegación de { $body } terminó el { $on }, cuando terminó su afiliación.
no_such_seat = { $seats ->
    [one] La delegación tiene 1 asiento
   *[other] La delegación tiene { $seats } asientos
}: no existe el asiento { $seat }.
seats_no_alternates = Los asientos de esta asamblea no tienen suplentes.
second_credential = El asiento { $seat } ({ $role ->
    [alternate] suplente
   *[holder] titular
}) de { $body } ya tiene credencial, entregada a { $holder }: un asiento tiene una sola.
congress_finished = «{ $assembly }» ya se reunió: no se entregan más credenciales para ella.
credential_required = { $name } es delegado: se le admite con el código de su credencial.
credential_malformed = «{ $code }» no es un código de credencial: revíselo letra por letra.
unknown_credential = Ninguna credencial tiene el código { $code }: no se admite.
credential_other_assembly = La credencial { $code } es de otra asamblea: no se admite en esta.
credential_revoked = La credencial de { $name } ({ $body }) fue anulada el { $on }, cuando terminó la afiliación por la que tenía asiento.
credential_used = La credencial de { $name } ({ $body }) ya fue usada: un código admite una sola vez.
credential_holder_present = { $name } es suplente del asiento { $seat } de { $body }, y su titular, { $holder }, está presente: el suplente entra solo si falta el titular.
credential_alternate_seated = { $name } es titular del asiento { $seat } de { $body }, que ya ocupó su suplente, { $alternate }.
observer_cannot_vote = { $name } representa a { $body }, organización observadora: puede asistir y hablar, pero no votar.
delegates_statute_first = { $body } aún no tiene estatuto propio: adopte uno (quórum, firmantes) antes de decir si pondera a las delegaciones por sus afiliados.

## Historial

audit-delegates-seats = { $actor } declaró los asientos de «{ $assembly }» en { $body }: { $count ->
    [one] 1 asiento
   *[other] { $count } asientos
}
audit-delegates-election = { $actor } puso a elección el asiento { $seat } ({ $role }) de la delegación de { $body }
audit-delegates-credential = Se entregó la credencial del asiento { $seat } ({ $role }) de la delegación de { $body }
audit-delegates-revoked = Terminó una afiliación de { $body }: { $count ->
    [one] 1 credencial anulada
   *[other] { $count } credenciales anuladas
}
audit-delegates-weighting = { $actor } cambió el estatuto de { $body }: { $weighted }

## Páginas

dlg-seats-title = Asientos y credenciales
dlg-link = Asientos y credenciales
dlg-body-link = Delegaciones
dlg-delegations = Delegaciones
dlg-delegation-of = Delegación de { $body }
dlg-seats = Asientos
dlg-seat = Asiento
dlg-seat-role = Asiento { $seat } · { $role }
dlg-seats-count = { $count ->
    [one] 1 asiento
   *[other] { $count } asientos
}
dlg-figures = { $seats ->
    [one] 1 asiento
   *[other] { $seats } asientos
} · { $members } afiliados al { $date }
dlg-issued = { $issued } de { $seats } titulares con credencial
dlg-issued-one = credencial entregada
dlg-admitted = admitido en la puerta
dlg-revoked = anulada
dlg-revoked-on = anulada el { $date }
dlg-ended-on = Esta delegación terminó el { $date }, con la afiliación por la que tenía asientos: sus credenciales ya no valen.
dlg-observer = observadora
dlg-observer-help = Sus delegados asisten y hablan, pero no votan.
dlg-not-elected = sin elegir
dlg-voting-seats = { $count ->
    [one] 1 asiento con voto
   *[other] { $count } asientos con voto
}
dlg-rule-fixed = { $number ->
    [one] 1 asiento por organización
   *[other] { $number } asientos por organización
}
dlg-rule-per_members = Un asiento por cada { $number } afiliados o fracción, según el padrón al { $date }
dlg-rule-name-fixed = Un número fijo por organización
dlg-rule-name-per_members = Uno por cada tantos afiliados
dlg-with-alternates = con un suplente por asiento
dlg-without-alternates = sin suplentes
dlg-no-plan = Los asientos de esta asamblea aún no fueron declarados: nadie puede entrar como delegado hasta entonces.
dlg-declare = Declarar los asientos
dlg-declare-help = Cada organización abierta que depende de esta, y cada organización afiliada a ella en la fecha del padrón, recibe sus asientos; las afiliadas como observadoras, marcados como tales. Se declaran una sola vez.
dlg-number-help = Con un número fijo: los asientos de cada organización. Por afiliados: cuántos afiliados dan un asiento.
dlg-register-on = Fecha del padrón
dlg-alternates = Un suplente por asiento
dlg-declare-button = Declarar los asientos
dlg-elect = Elegir delegados
dlg-elect-help = Cada asiento se elige en una asamblea en sesión de la propia organización, entre los presentes. Al cerrar la votación se entrega la credencial.
dlg-elect-needs-assembly = Para elegir delegados, convoque y abra una asamblea de la organización; la elección se hace allí.
dlg-elect-button = Poner el asiento a elección
dlg-pick-seat = Elija el asiento que se elige.
dlg-nobody-present = Todavía no hay presentes en esta asamblea.
dlg-election-title = Delegado al { $assembly }
dlg-elections = Elecciones
dlg-weighted = Ponderado por los afiliados que representa cada delegación:
dlg-vote-pending = por votar
dlg-print-credentials = Imprimir las credenciales
dlg-credentials = Credenciales
dlg-credentials-note = Cada credencial lleva su código: en la puerta del congreso se escribe o se lee, y admite una sola vez. Guárdelas como dinero.
dlg-card = Credencial de delegado
dlg-card-observer = Credencial de delegado observador
dlg-card-code-label = Código de la credencial
dlg-body-help = Las delegaciones de esta organización a los congresos y ampliados de arriba: sus asientos, sus elecciones y sus credenciales.
dlg-none = Esta organización no tiene delegaciones.

## Línea de órdenes

dlg-cli-declared = Asientos declarados: { $count ->
    [one] 1 asiento con voto
   *[other] { $count } asientos con voto
} en { $delegations ->
    [one] 1 delegación
   *[other] { $delegations } delegaciones
}.
dlg-cli-admitted = Admitido: { $name } ({ $body }), { $seat }.
dlg-cli-demo = Delegados: el congreso de la federación es la asamblea { $congress } ({ $count ->
    [one] 1 credencial entregada
   *[other] { $count } credenciales entregadas
}); la sesión del consejo departamental, la { $council }.
dlg-weighting = Votación nominal en los congresos de esta organización
dlg-weighting-now = Según el estatuto, la votación nominal { $how }.
dlg-weighting-help = Con la ponderación, cada delegado vale los afiliados de su delegación divididos entre sus asientos, y el resultado se decide con esas cifras exactas. Vale para los congresos y ampliados cuyos asientos se declaren después del cambio.
dlg-weighting-no-statute = Esta organización aún no tiene estatuto: regístrelo antes de decidir cómo se cuentan las delegaciones.
dlg-weighting-one = Un voto por delegado
dlg-weighting-members = Cada delegación pesa según los afiliados que representa
dlg-weighting-save = Guardar en el estatuto
dlg-weighting-legend = Cómo se cuentan las delegaciones
