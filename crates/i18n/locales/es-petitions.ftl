# Solicitudes: una resolución de una base que sube nivel por nivel hasta una autoridad de fuera
# (un ministerio, una gobernación, una alcaldía), con su oficio y las respuestas.

## Errores

unknown_petition = No hay una solicitud { $reference }.
unknown_authority = No hay una autoridad { $reference } entre los contactos de { $body }.
petition_skips_level = { $target } no es el organismo inmediato superior de { $body }: una solicitud sube a { $parent }, sin saltar niveles.
petition_no_parent = { $body } no tiene un organismo superior al que elevar una solicitud.
petition_not_own_resolution = La resolución { $resolution } es de { $owner }, no de { $body }: un organismo eleva solo sus propias resoluciones.
petition_already_raised = La resolución { $resolution } ya fue elevada como la solicitud { $petition }.
petition_not_holder = La solicitud está en la bandeja de { $holder }, no de { $body }: solo quien la tiene decide sobre ella.
petition_not_waiting = La solicitud ya no está en espera ({ $status ->
    [addressed] ya fue enviada a la autoridad
    [merged] fue unida a un pliego
    [returned] fue devuelta a su base
   *[other] ya se decidió sobre ella
}): no queda nada por decidir.
petition_not_sent = La solicitud nunca fue enviada a una autoridad: no hay respuesta que registrar.
petition_reasons_required = Para devolver una solicitud hacen falta los motivos que leerá la base; para un pliego, su título.
petition_nothing_to_merge = Un pliego une esta solicitud con al menos otra de la misma bandeja.
petition_meeting_required = Una respuesta de reunión necesita la fecha y la hora de la reunión.
petition_no_meeting_to_convene = Esta respuesta no da fecha de reunión, o la delegación ya fue convocada.

## Campos

field-petition_action = decisión
field-reply_kind = tipo de respuesta
field-authority = autoridad
field-authority_name = institución
field-address = dirección

## Historial

audit-petition-raise = { $actor } elevó desde { $body } la solicitud { $petition }: { $what }
audit-petition-authority = { $actor } registró la autoridad { $what } como contacto de { $body }
audit-petition-agenda = { $actor } llevó la solicitud { $petition } a una asamblea de { $body } para { $action }: { $what }
audit-petition-endorse = La asamblea de { $body } respaldó y elevó la solicitud { $petition }: { $what }
audit-petition-return = La asamblea de { $body } devolvió la solicitud { $petition } a su base: { $what }
audit-petition-merge = La asamblea de { $body } unió la solicitud { $petition } en un pliego: { $what }
audit-petition-address = La asamblea de { $body } dirigió la solicitud { $petition } a una autoridad: { $what }
audit-petition-reply = { $actor } registró en { $body } una respuesta a la solicitud { $petition }: { $kind }
audit-petition-delegation = { $actor } convocó en { $body } la delegación de la solicitud { $petition }

## Valores

petition-action-endorse = respaldarla y elevarla
petition-action-return = devolverla a su base con motivos
petition-action-merge = unirla con otras en un pliego
petition-action-address = dirigirla a una autoridad
petition-reply-meeting = Fecha de reunión
petition-reply-partial = Respuesta parcial
petition-reply-full = Respuesta completa
petition-reply-refusal = Rechazo
petition-standing-waiting = En espera de decisión
petition-standing-overdue = En espera, con el plazo de decisión vencido
petition-standing-returned = Devuelta a su base
petition-standing-merged = Unida a un pliego
petition-standing-addressed = Enviada a la autoridad, esperando respuesta
petition-standing-silence = Sin respuesta de la autoridad y con el plazo vencido
petition-standing-replied_meeting = La autoridad dio fecha de reunión
petition-standing-replied_partial = La autoridad respondió en parte
petition-standing-replied_full = La autoridad respondió a todo
petition-standing-replied_refusal = La autoridad rechazó la solicitud
petition-step-raised = { $body } la elevó a { $to } el { $on }
petition-step-endorsed = { $body } la respaldó y la elevó a { $to } el { $on }
petition-step-returned = { $body } la devolvió a { $to } el { $on }
petition-step-merged = { $body } la unió a un pliego el { $on }
petition-step-addressed = { $body } la dirigió a la autoridad el { $on }

## Páginas

petition-inbox-title = Solicitudes
petition-inbox-help = Las solicitudes que las bases elevan llegan aquí. La asamblea del organismo decide sobre cada una: respaldarla para que suba un nivel, devolverla con motivos, unirla con otras en un pliego o dirigirla a una autoridad.
petition-filter-all = Todas
petition-filter-waiting = En espera ({ $count })
petition-filter-overdue = Con plazo vencido ({ $count })
petition-showing = { $count ->
    [one] 1 solicitud
   *[other] { $count } solicitudes
} · página { $page } de { $pages }
petition-none = No hay solicitudes aquí.
petition-prev = Anterior
petition-next = Siguiente
petition-line = De { $origin }, elevada el { $on } · en { $holder }
petition-line-pliego = Pliego de { $origin }, del { $on } · en { $holder }
petition-raise = Elevar una solicitud
petition-raise-help = Una resolución de este organismo sube como solicitud a { $parent }, su organismo inmediato superior.
petition-raise-button = Elevar a { $parent }
petition-no-resolutions = Este organismo aún no tiene resoluciones que elevar.
petition-field-resolution = Resolución
petition-pick-resolution = Elija una resolución
petition-field-answer-by = Pedir decisión hasta
petition-authorities = Autoridades
petition-authorities-help = Las autoridades de fuera a las que este organismo dirige solicitudes: la institución, el cargo al que se dirige y la dirección. No se guarda el nombre de la persona.
petition-no-authorities = Este organismo aún no registró autoridades.
petition-add-authority = Registrar una autoridad
petition-field-authority-name = Institución
petition-field-office = Cargo al que se dirige
petition-field-address = Dirección
petition-heading = Solicitud { $number }
petition-heading-pliego = Pliego { $number }
petition-origin = Origen
petition-origin-resolution = { $body }, resolución { $number } del { $on }
petition-holder = Está en
petition-addressed = Enviada
petition-addressed-to = A { $authority }, oficio { $reference }, respuesta hasta: { $by }
petition-oficio = Ver e imprimir el oficio
petition-merged-into = Unida al pliego
petition-members = Solicitudes del pliego
petition-path = Recorrido
petition-cites = resolución { $number } del { $on }
petition-reasons = Motivos
petition-replies = Respuestas de la autoridad
petition-no-replies = Aún no hay respuestas.
petition-reply-line = { $kind }, recibida el { $on }
petition-meeting-at = reunión el { $at } en { $place }
petition-delegation-link = Asamblea de la delegación
petition-delegation-title = Título de la asamblea
petition-delegation-default = Delegación ante { $authority }
petition-convene-delegation = Convocar a la delegación
petition-motions = Mociones sobre esta solicitud
petition-propose = Llevar a una asamblea
petition-propose-help = La asamblea decide con una moción: al aprobarla, la solicitud se eleva, se devuelve, se une en un pliego o se dirige a la autoridad.
petition-no-assembly = No hay una asamblea en sesión de este organismo.
petition-field-assembly = Asamblea en sesión
petition-field-action = Qué se propone
petition-field-title = Título de la moción
petition-field-reasons = Motivos (para devolver) o título del pliego (para unir)
petition-field-others = Otras solicitudes para el pliego
petition-field-authority = Autoridad (para dirigirla)
petition-field-reply-by = Plazo de respuesta de la autoridad
petition-propose-button = Presentar la moción
petition-record-reply = Registrar una respuesta
petition-field-reply-kind = Respuesta
petition-field-received-on = Recibida el
petition-field-reply-text = Texto de la respuesta
petition-field-meeting-at = Fecha y hora de la reunión
petition-field-meeting-place = Lugar de la reunión
petition-on-page = Solicitudes
petition-on-body = De { $origin } · en { $holder }
petition-feed-title = Solicitud: { $title }
petition-oficio-ref = Oficio
petition-oficio-to = Señor
petition-oficio-subject = Ref.
petition-oficio-opening = De nuestra mayor consideración: por medio del presente, y por mandato de nuestras bases, solicitamos lo siguiente:
petition-oficio-citations = Resoluciones que respaldan esta solicitud
petition-citation = Resolución { $number } de { $body }, del { $on }: { $title }
petition-oficio-reply-by = Le rogamos responder hasta el { $date }.
petition-oficio-closing = Con este motivo, le saludamos atentamente.
petition-back = Volver a la solicitud

## Línea de órdenes

petition-cli-raised = Solicitud { $id } elevada ({ $public_id }).
petition-cli-proposed = Moción { $motion } presentada en la asamblea { $assembly }.
petition-cli-replied = Respuesta { $id } registrada en la solicitud { $petition }.
petition-cli-authority = Autoridad { $id } registrada: { $name }.
