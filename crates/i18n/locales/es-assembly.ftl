# Assemblies: rules and errors of the domain and services layers.

## Campos

field-assembly_kind = tipo de asamblea
field-assembly_title = título de la asamblea
field-scheduled_for = fecha y hora
field-agenda = orden del día
field-status = estado
field-quorum_rule = regla de quórum
field-absence_fine = multa por falta
field-signer_roles = firmantes del acta
field-vote_method = forma de votación
field-decision_rule = regla de decisión
field-choice = voto
field-election_rule = regla de elección
field-motion_title = título de la moción
field-motion_text = texto de la moción
field-proposer = proponente
field-votes_for = votos a favor
field-votes_against = votos en contra
field-abstentions = abstenciones
field-code = código
field-candidate = candidato
field-notes = notas
field-count = cantidad

## Errores de asambleas

counts_exceed_present = { $total ->
    [one] Se contó { $total } voto
   *[other] Se contaron { $total } votos
}, pero { $present ->
    [one] solo hay { $present } presente
   *[other] solo hay { $present } presentes
}: vuelva a contar.
unknown_assembly = No existe la asamblea { $id }.
unknown_motion = No existe la moción { $id }.
unknown_resolution = No existe la resolución { $reference } de una organización de base.
not_eligible = { $name } no tiene derecho a asistir a esta asamblea.
unknown_card = Nadie tiene el carnet { $code }: revise el código.
assembly_not_open = La asamblea no está en sesión (estado: { $status }): ábrala primero.
assembly_finished = La asamblea ya está { $status }: no se puede registrar nada más.
assembly_already_open = La asamblea ya está en sesión.
vote_not_open = La votación de la moción { $number } no está abierta: no se aceptan votos fuera de la votación.
motion_decided = La moción { $number } ya fue resuelta ({ $outcome }).
vote_still_open = La votación de la moción { $number } sigue abierta: ciérrela primero.
no_quorum = No hay quórum: { $present ->
    [one] { $present } presente
   *[other] { $present } presentes
}; { $required ->
    [one] se necesita { $required }
   *[other] se necesitan { $required }
}.
has_quorum = Hay quórum ({ $present ->
    [one] { $present } presente
   *[other] { $present } presentes
}; { $required ->
    [one] se necesita { $required }
   *[other] se necesitan { $required }
}): ponga la moción a votación.
wrong_method = La moción { $number } se vota { $method ->
    [show_of_hands] a mano alzada
    [roll_call] por votación nominal
    [secret] con papeleta secreta
    [phone] por celular
   *[other] de otra forma ({ $method })
}, no de esta forma.
no_tickets = El voto por celular necesita boletos: emita boletos para la asamblea primero.
not_present = { $name } no está presente.
already_voted = { $name } ya votó en esta moción.
ballot_in_the_box = La papeleta de este código ya está en la urna, esperando contarse junto con otras.
unknown_ticket = Este boleto no vale para esta asamblea.
ticket_already_voted = Este boleto ya votó de otra forma en esta moción: vale el primer voto.
unknown_option = { $option } no es una opción de esta votación.
no_candidates = Una elección necesita al menos un candidato.
too_many_candidates = Una elección admite como máximo { $max } candidatos ({ $count ->
    [one] se dio { $count }
   *[other] se dieron { $count }
}).
unknown_person = No existe la persona { $id } en las organizaciones que usted puede ver.
candidate_outside_register = { $name } no está en el padrón de { $body } ni de una organización debajo: los candidatos salen de ahí.
acta_sealed = El acta está sellada: ya no se puede cambiar.
no_acta = El acta se redacta cuando se clausura la asamblea.
missing_signatures = Al acta le falta la firma de: { $roles }.
not_signer = «{ $role }» no es un cargo que firme las actas según el estatuto.
already_signed = Usted ya firmó esta acta.
account_required = Solo una cuenta con sesión iniciada puede firmar actas.

## Verificación de actas

acta_bad_key = Clave inválida en el acta: { $key }.
acta_duplicate_key = Clave repetida en el acta: { $key }.
acta_bad_header = El texto del acta no empieza con su encabezado.
acta_bad_line = La línea { $line } del acta no se puede leer.
acta_bad_escape = La línea { $line } del acta tiene un escape inválido.
acta_content_hash = { $acta }: el contenido sellado fue modificado (su huella no coincide).
acta_chain_broken = { $acta }: la cadena está rota (no enlaza con el acta anterior).
acta_sequence_gap = { $acta }: falta un acta en la cadena (se esperaba la número { $expected }).
acta_bad_signature = { $acta }: la firma de { $signer } no es válida.
acta_missing_signature = { $acta }: falta una firma válida de { $role }.
acta_field_changed = { $acta }: el campo { $key } { $change ->
        [added] fue añadido
        [removed] fue quitado
       *[changed] cambió
    }: sellado «{ $sealed }», ahora «{ $now }».
acta_unreadable = { $acta }: el acta sellada no se puede leer.
acta_not_rebuilt = { $acta }: el acta no se puede reconstruir a partir de lo registrado (faltan datos o están dañados): nada garantiza que los registros sigan diciendo lo que se selló.
acta_name_changed = { $acta }: { $key } era «{ $sealed }» al sellar y ahora es «{ $now }», sin que el registro anote ningún cambio de nombre.
acta_unsealed = { $acta }: el acta fue sellada y luego devuelta a borrador.
acta_chain_shorter_than_head = { $acta }: la cadena tiene { $found } actas selladas, menos que las de la cabeza { $head } { $witness ->
        [given] dada al verificar
       *[kept] que guarda { $keeper } desde el { $on }
    }: se borraron, se quitó el sello o se cortó la cadena.
acta_chain_diverges_from_head = { $acta }: la cadena no pasa por la cabeza { $head } { $witness ->
        [given] dada al verificar
       *[kept] que guarda { $keeper } desde el { $on }
    }: fue reescrita o reordenada.
acta_overdue = Aviso: { $acta }: la asamblea se cerró hace { $days ->
    [one] { $days } día
   *[other] { $days } días
} y su acta aún no está sellada.
acta-later-change = { $acta }: { $key } era «{ $sealed }» al sellar y ahora es «{ $now }» (cambio posterior anotado en el registro; no es una alteración).

## Nombres

assembly-kind-ordinaria = Asamblea ordinaria
assembly-kind-extraordinaria = Asamblea extraordinaria / de emergencia
assembly-kind-ampliado = Ampliado
assembly-kind-congreso = Congreso
assembly-kind-cabildo_abierto = Cabildo abierto
assembly-status-convened = Convocada
assembly-status-open = En sesión
assembly-status-closed = Clausurada
assembly-status-cancelled = Suspendida
attendance-present = Presente
attendance-late = Atrasado
attendance-excused = Justificado
vote-method-show_of_hands = Mano alzada
vote-method-roll_call = Votación nominal
vote-method-secret = Voto secreto
vote-method-phone = Voto por celular
decision-rule-majority = Mayoría de votos emitidos
decision-rule-absolute_majority = Mayoría absoluta de presentes
decision-rule-two_thirds = Dos tercios
decision-rule-unanimity = Unanimidad
election-rule-plurality = Mayoría simple
election-rule-absolute_majority = Mayoría absoluta (con segunda vuelta)
outcome-adopted = Aprobada
outcome-rejected = Rechazada
outcome-tie = Empate
outcome-no_quorum = Sin quórum
outcome-withdrawn = Retirada
outcome-elected = Elegido
outcome-runoff = Segunda vuelta
choice-for = A favor
choice-against = En contra
choice-abstain = Abstención
resolution-number = Resolución { $number }/{ $year }

## Línea de comandos

cli-verify-body = { $body }: { $actas ->
    [one] { $actas } acta sellada
   *[other] { $actas } actas selladas
}
cli-verify-intact = Cadena íntegra: las actas selladas coinciden con lo registrado.
cli-verify-problems = { $count ->
    [one] { $count } problema en las actas selladas.
   *[other] { $count } problemas en las actas selladas.
}
cli-verify-head = Cabeza de la cadena (anótela o publíquela; verifique con --head): { $head }
cli-statute-set = Estatuto de { $body }, versión { $version }: quórum { $quorum }, multa por falta { $fine } Bs, firman { $signers }.
cli-assembly-convened = Asamblea { $id } convocada ({ $kind }): { $title }, { $at }, en { $place }.
cli-assembly-none = Ninguna asamblea.
cli-assembly-line = { $id }  { $at }  { $kind }: { $title } — { $status }
cli-assembly-opened = Asamblea { $id } en sesión: { $eligible ->
    [one] { $eligible } habilitado
   *[other] { $eligible } habilitados
}, quórum { $quorum }.
cli-assembly-closed = Asamblea { $id } clausurada: { $fines } multas por falta.
cli-tickets-written = { $count ->
    [one] { $count } boleto escrito en { $path }.
   *[other] { $count } boletos escritos en { $path }.
}
cli-tickets-issued = { $count ->
    [one] { $count } boleto (se muestra una sola vez):
   *[other] { $count } boletos (se muestran una sola vez):
}
cli-checked-in = { $name }: { $status }.
cli-assembly-show-title = Asamblea { $id } — { $kind }: { $title } ({ $body }) — { $status }
cli-assembly-show-when = { $at }, en { $place }
cli-assembly-show-agenda = { $n }. { $item }
cli-assembly-show-quorum = Habilitados { $eligible }, presentes { $present }, justificados { $excused }, quórum { $quorum }.
cli-assembly-show-tickets = Boletos para voto por celular: { $count }.
cli-assembly-show-motion = Moción { $number }: { $title } — { $outcome } [{ $counts }] { $resolution }
cli-assembly-show-fines = Multas por falta: { $count }, total { $total } Bs.
