# Assemblies: pages, forms and the live view.

asm-body-assemblies = Asambleas
asm-assemblies = Asambleas
asm-none = Todavía no se convocó ninguna asamblea.
asm-convene = Convocar asamblea
asm-agenda-hint = (un punto por línea)
asm-convocatoria = Convocatoria
asm-agenda = Orden del día
asm-statute = Estatuto
asm-statute-edit = Cambiar el estatuto
asm-version = Versión
asm-versions = Versiones anteriores
asm-adopted = Adoptado
asm-quorum-hint = (mitad más uno, 60%, o un número como 40)
asm-signers-hint = (cargos de la directiva, uno por línea o separados por comas: Secretario General, Secretario de Actas)
asm-verify = Verificar actas
asm-feed = Convocatorias (Atom)
asm-feed-title = Convocatorias de { $body }
asm-fine-warning = La falta sin justificación se multa con { $amount }.
asm-quorum = Quórum
asm-quorum-reached = Hay quórum: { $present ->
    [one] { $present } presente
   *[other] { $present } presentes
} de { $eligible }; { $required ->
    [one] se necesita { $required }
   *[other] se necesitan { $required }
}.
asm-quorum-missing = Sin quórum: { $present ->
    [one] { $present } presente
   *[other] { $present } presentes
} de { $eligible }; { $required ->
    [one] se necesita { $required }
   *[other] se necesitan { $required }
}.
asm-excused-count = { $count ->
    [one] { $count } justificado
   *[other] { $count } justificados
}
asm-present-count = { $count ->
    [one] { $count } presente
   *[other] { $count } presentes
}
asm-tickets-count = { $count ->
    [one] { $count } boleto
   *[other] { $count } boletos
}
asm-radio = Aviso para la radio
asm-radio-notice = { $body } convoca a { $kind } { $when }, en { $place }.
asm-door = Registro de asistencia
asm-cards = Carnets de afiliado
asm-live = Pantalla en vivo
asm-acta = Acta
asm-open = Abrir la sesión
asm-cancel = Suspender
asm-close = Clausurar la sesión
asm-tickets = Boletos para votar por celular
asm-tickets-how-many = Cantidad
asm-issue-tickets = Emitir boletos
asm-tickets-once = Imprima estos códigos ahora: no se vuelven a mostrar.
asm-motions = Mociones y elecciones
asm-no-motions = Todavía no hay mociones.
asm-motion = Moción
asm-election = Elección
asm-new-motion = Presentar una moción
asm-move-motion = Presentar moción
asm-amends = Enmienda a la moción
asm-origin = Resolución de una organización de base
asm-new-election = Elegir un cargo
asm-candidates = Candidatos
asm-candidate-number = Candidato { $number }
asm-names-withheld = Los nombres solo los ven quienes pueden ver a los afiliados de esta organización: aquí van solo los conteos.
asm-nobody-present = Nadie está registrado como presente.
asm-put-election = Poner a elección
asm-fines = Multas
asm-fines-count = { $count ->
    [one] { $count } multa por falta
   *[other] { $count } multas por falta
}
asm-back-to-assembly = Volver a la asamblea
asm-back-to-body = Volver a la organización
asm-checked-in = Registrado: { $who }
asm-card-code = Código del carnet
asm-door-search = Nombre, lote, N° o carnet
asm-search = Buscar
asm-motion-status-pending = Pendiente
asm-motion-status-voting = En votación
asm-motion-status-decided = Resuelta
asm-present-at-open = { $count ->
    [one] { $count } presente al votar
   *[other] { $count } presentes al votar
}
asm-outcome = Resultado
asm-ballot-codes = Códigos de papeleta
asm-ballot-codes-once = Imprima y reparta un código por persona presente; la hoja se puede imprimir de nuevo hasta el primer voto. Se vota en
asm-open-vote = Abrir la votación
asm-withdraw = Retirar la moción
asm-no-quorum = Sin quórum para votar
asm-count-hands = Conteo a mano alzada
asm-record-count = Registrar el conteo
asm-all-voted = Todos los presentes ya votaron.
asm-voted = Ya votaron
asm-secret-how = Cada persona vota con su código en
asm-phone-how = Se vota con el boleto en
asm-close-vote = Cerrar la votación
asm-ballot = Papeleta secreta
asm-motion-number = Número de votación
asm-ballot-code = Código de la papeleta
asm-ticket-code = Código del boleto
asm-ballot-counted = Voto registrado. Gracias.
asm-ballot-secret-note = El voto es secreto: nadie guarda quién votó.
asm-ballot-heading = Votación { $number }: { $title }
asm-ballot-go = Ver la papeleta
asm-ballot-in-the-box = Su papeleta está en la urna. Se cuenta cuando se guarda junto con al menos { $others } más, o al cerrar la votación, para que ni una copia de la base de datos diga cómo votó. Si el servidor se detiene antes, su código sigue valiendo: vuelva a votar con él.
asm-phone-note = Cada boleto vale un voto por moción.
asm-vote-recorded = Voto registrado.
asm-vote-already-recorded = Ese voto ya estaba registrado.
asm-voting-now = En votación
asm-secret-hidden = Voto secreto: el resultado se ve al cerrar la votación.
asm-acta-draft = Borrador: todavía se puede cambiar.
asm-acta-sealed = Acta sellada
asm-attendance = Asistencia
asm-attendance-list = Lista de asistencia
asm-signatures = Firmas
asm-missing-signers = Falta la firma de
asm-content-hash = Huella del contenido
asm-chain-hash = Huella de la cadena
asm-edit-notes = Notas del acta
asm-notes-unsign = Cambiar las notas anula las firmas ya dadas.
asm-sign = Firmar el acta
asm-sign-as = Firmar como
asm-password = Su contraseña
asm-seal = Sellar el acta
asm-sealed-count = { $count ->
    [one] { $count } acta sellada
   *[other] { $count } actas selladas
}
asm-chain-intact = La cadena de actas está intacta.
asm-chain-head = Cabeza de la cadena de actas
asm-chain-head-so-far = Cabeza de la cadena de actas ({ $count ->
    [one] { $count } sellada
   *[other] { $count } selladas
})
asm-chain-head-help = Anótela o guarde este papel: con ella, cualquiera puede comprobar después que ninguna acta fue borrada, quitada de la cadena ni reescrita («cabildo verify --head» seguido de este texto).
asm-acta-chain = Actas selladas
asm-later-changes = Cambios posteriores anotados en el registro
asm-overdue-actas = Actas pendientes de sellar
asm-overdue-days = { $days ->
    [one] cerrada hace { $days } día y su acta no está sellada
   *[other] cerrada hace { $days } días y su acta no está sellada
}
asm-role-administrador = Administrador
asm-role-secretario_actas = Secretario de actas
asm-role-secretario_hacienda = Secretario de hacienda
asm-role-dirigente = Dirigente
asm-role-afiliado = Afiliado
asm-role-observador = Observador
