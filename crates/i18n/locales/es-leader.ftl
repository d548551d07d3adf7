# What was decided in the afiliado's name, "my family", the leader's view of the tree, the
# verification of a sub-tree and the change history in words.

leader-resolutions = Resoluciones
leader-only-this-body = Solo este organismo
leader-with-below = Con los organismos de abajo
leader-no-resolutions = Todavía no hay resoluciones.
leader-adopted-on = Aprobada el
leader-assembly = Asamblea
leader-vote = Votación
leader-acta-sealed = Acta sellada
leader-acta-pending = Acta pendiente
leader-acta-overdue = Acta atrasada
leader-acta-not_due = Sin acta todavía
leader-my-family = Mi familia
leader-not-linked = Su cuenta todavía no está vinculada a una persona del padrón. Pida al administrador de su sindicato que la vincule (en la página de su cuenta, «Persona»): entonces verá aquí su familia, sus asistencias, sus multas y lo que se decidió en las asambleas a las que asistió.
leader-no-family = Su cuenta está vinculada a { $name }, que no representa a ninguna familia en el padrón.
leader-affiliated-on = Afiliada desde
leader-attendance = Asistencia a las asambleas
leader-attendance-summary = { $present ->
    [one] 1 presente
   *[other] { $present } presentes
  } · { $late ->
    [one] 1 atrasado
   *[other] { $late } atrasados
  } · { $excused ->
    [one] 1 justificado
   *[other] { $excused } justificados
  } · { $absent ->
    [one] 1 falta
   *[other] { $absent } faltas
  }
leader-attendance-present = Presente
leader-attendance-late = Atrasado
leader-attendance-excused = Justificado
leader-attendance-absent = Faltó
leader-attendance-not_yet = Todavía no registrado
leader-fine = multa
leader-fines-owed = { $count ->
    [0] Ninguna multa registrada.
    [one] 1 multa registrada: { $amount }.
   *[other] { $count } multas registradas: { $amount } en total.
  }
leader-fines-note = Multas tal como las registró cada asamblea al cerrarse. Los pagos todavía no se registran en Cabildo: pregunte a su secretario de hacienda.
leader-decided-with-you = Lo que se decidió en las asambleas a las que asistió
leader-overview = Vista del dirigente
leader-groups = Organismos de abajo, sumados
leader-bases = Sindicatos y organismos de base
leader-search-placeholder = Nombre o código
leader-filter = Mostrar
leader-filter-all = Todos
leader-filter-quiet = Sin asamblea en 3 meses
leader-filter-pending = Con actas pendientes
leader-filter-overdue = Con actas atrasadas
leader-filter-fines = Con multas
leader-matched = { $count ->
    [0] Ninguno coincide.
    [one] 1 coincide.
   *[other] { $count } coinciden.
  }
leader-no-match = Ningún organismo coincide con la búsqueda.
leader-fig-held = { $count ->
    [0] Ninguna asamblea
    [one] 1 asamblea
   *[other] { $count } asambleas
  } en { $months } meses
leader-fig-actas = Actas: { $sealed ->
    [one] 1 sellada
   *[other] { $sealed } selladas
  }, { $pending ->
    [one] 1 pendiente
   *[other] { $pending } pendientes
  }
leader-fig-resolutions = { $count ->
    [one] 1 resolución
   *[other] { $count } resoluciones
  }
leader-fig-fines = { $count ->
    [0] Sin multas
    [one] 1 multa ({ $amount })
   *[other] { $count } multas ({ $amount })
  }
leader-fig-padron = Padrón: { $count ->
    [one] 1 familia
   *[other] { $count } familias
  }
leader-fig-bases = { $count ->
    [one] 1 sindicato
   *[other] { $count } sindicatos
  }
leader-fig-last = Última actividad: { $when }
leader-fig-never = Sin actividad registrada
leader-flag-overdue = { $count ->
    [one] 1 acta atrasada
   *[other] { $count } actas atrasadas
  }
leader-flag-quiet = Sin asamblea en { $months } meses
leader-flag-quiet-bases = { $count ->
    [one] 1 sindicato sin asamblea
   *[other] { $count } sindicatos sin asamblea
  } en { $months } meses
leader-verify-summary = { $body }: { $actas ->
    [one] 1 acta sellada
   *[other] { $actas } actas selladas
  } en { $bodies ->
    [one] 1 organismo
   *[other] { $bodies } organismos
  }
leader-verify-intact = intactas
leader-verify-findings = { $count ->
    [one] 1 organismo con hallazgos
   *[other] { $count } organismos con hallazgos
  }
leader-verify-body-findings = { $body }: { $count ->
    [one] 1 hallazgo
   *[other] { $count } hallazgos
  }
leader-verify-each = Cada organismo
cli-overview-line = { $name }: sindicatos { $bases } (sin asamblea en 3 meses: { $quiet }) · asambleas en 3 meses: { $held } · actas selladas: { $sealed }, pendientes: { $pending }, atrasadas: { $overdue } · resoluciones: { $resolutions } · multas: { $fines } ({ $amount }) · padrón: { $padron }
cli-overview-base-line = { $name }: asambleas en 3 meses: { $held } · actas selladas: { $sealed }, pendientes: { $pending }, atrasadas: { $overdue } · resoluciones: { $resolutions } · multas: { $fines } ({ $amount }) · padrón: { $padron }
cli-overview-matched = Organismos de base que coinciden: { $count }

audit-unknown = { $actor } registró un cambio en { $body }
audit-account-create = { $actor } creó una cuenta
audit-account-disable = { $actor } desactivó una cuenta
audit-account-enable = { $actor } reactivó una cuenta
audit-account-grant = { $actor } dio a { $user } el papel de { $role } en { $body }
audit-account-key-issued = { $actor } creó la clave de firma de una cuenta, avalada por la suya
audit-account-link-person = { $actor } vinculó una cuenta a una persona del padrón
audit-account-password = { $actor } cambió su contraseña
audit-account-password-reset = { $actor } restableció la contraseña de una cuenta
audit-account-sessions-end = { $actor } cerró las sesiones de una cuenta
audit-account-unlink-person = { $actor } desvinculó una cuenta de su persona
audit-acta-notes = { $actor } escribió las notas del acta de «{ $assembly }» de { $body }
audit-acta-seal = { $actor } selló el acta de «{ $assembly }» de { $body } (acta n.º { $seq })
audit-acta-sign = { $actor } firmó el acta de «{ $assembly }» de { $body } como { $role }
audit-affiliation-create = { $actor } afilió { $member } a { $body }
audit-affiliation-end = { $actor } terminó una afiliación a { $body }
audit-assembly-attendance = { $actor } registró una asistencia en «{ $assembly }» de { $body }: { $status }
audit-assembly-cancel = { $actor } suspendió «{ $assembly }» de { $body }
audit-assembly-close = «{ $assembly }» de { $body } cerrada por { $actor }: { $fined ->
    [0] ninguna multa
    [one] 1 multa
   *[other] { $fined } multas
  }
audit-assembly-convene = { $actor } convocó «{ $assembly }» de { $body } ({ $kind })
audit-assembly-crowd-estimate = { $actor } estimó la concurrencia de «{ $assembly }» de { $body } en { $count } personas
audit-assembly-open = { $actor } abrió «{ $assembly }» de { $body }: { $eligible ->
    [one] 1 habilitado
   *[other] { $eligible } habilitados
  }, quórum { $quorum }
audit-assembly-tickets = { $actor } emitió { $count ->
    [one] 1 boleto
   *[other] { $count } boletos
  } para «{ $assembly }» de { $body }
audit-body-close = { $actor } cerró { $body }
audit-body-create = { $actor } creó { $body }
audit-body-move = { $actor } trasladó { $body } a { $to }
audit-body-publish = { $actor } publicó la página pública de { $body }
audit-body-rename = { $actor } cambió el nombre de { $old } a { $new }
audit-body-reopen = { $actor } reabrió { $body }
audit-body-unpublish = { $actor } retiró la página pública de { $body }
audit-election-create = { $actor } puso a elección el cargo de { $title } en { $body }
audit-household-create = { $actor } registró la familia de { $name } en { $body }
audit-household-update = { $actor } corrigió la familia de { $name } en { $body }
audit-member-create = { $actor } registró a { $name } como miembro de { $body }
audit-motion-create = { $actor } presentó la moción «{ $title }» en { $body }
audit-motion-settle = La moción «{ $motion }» de { $body } quedó: { $outcome }
audit-office-create = { $actor } registró un cargo en { $body }: { $office }
audit-office-end = { $actor } concluyó un cargo en { $body }: { $office }
audit-padron-import = { $actor } importó el padrón de { $body }: { $rows ->
    [one] 1 fila
   *[other] { $rows } filas
  }
audit-parcel-create = { $actor } registró la parcela { $code } en { $body }
audit-statute-update = { $actor } cambió el estatuto de { $body } (versión { $version })
audit-token-create = { $actor } creó una llave de acceso para programas
audit-token-revoke = { $actor } revocó una llave de acceso para programas
audit-vote-close = Votación cerrada en { $body }: «{ $motion }», { $for } a favor, { $against } en contra, { $abstain } abstenciones
audit-vote-codes-reissued = { $actor } emitió de nuevo los códigos de la votación secreta de «{ $motion }» en { $body }
audit-vote-paper = { $actor } registró el conteo de las papeletas de «{ $motion }» en { $body }
audit-vote-hands = { $actor } registró el conteo a mano alzada de «{ $motion }» en { $body }
audit-vote-open = { $actor } abrió la votación de «{ $motion }» en { $body } ({ $method }, { $present ->
    [one] 1 presente
   *[other] { $present } presentes
  })
audit-vote-roll-call = { $actor } registró un voto nominal sobre «{ $motion }» en { $body }
