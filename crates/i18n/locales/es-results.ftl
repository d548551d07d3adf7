# Resultados de una consulta a las bases, en cada nivel: página, impresión, texto para la radio,
# CSV y la API.

results-the-consulta = La consulta
results-title = Resultados
results-of = Resultados en { $body }
results-asked-by = Consulta de { $body }
results-question = Pregunta
results-rule = Forma de sumar
results-rule-sum_of_votes = suma de los votos de todas las asambleas
results-rule-one_voice_per_base = un voto por cada base
results-rule-weighted_by_members = cada base pesa según sus afiliados
results-kind-yes_no = sí o no
results-kind-choice = elección entre opciones
results-kind-nomination = nominación de candidatos
results-option-yes = Sí
results-option-no = No
results-deadline = Plazo
results-deadline-open = hasta el { $date }
results-deadline-past = venció el { $date }; las respuestas que llegan ahora se cuentan marcadas como atrasadas
results-bases = Bases
results-bases-answered = { $total ->
    [one] { $answered } de 1 base respondió
   *[other] { $answered ->
        [one] 1 de { $total } bases respondió
       *[other] { $answered } de { $total } bases respondieron
    }
  }
results-bases-late = { $count ->
    [0] ninguna respuesta atrasada
    [one] 1 respuesta atrasada
   *[other] { $count } respuestas atrasadas
  }
results-members = Afiliados representados
results-members-represented = { $total ->
    [one] { $represented } de 1 afiliado
   *[other] { $represented } de { $total } afiliados
  }
results-leading = Va adelante
results-no-leading = ninguna opción va adelante (empate o sin respuestas)
results-decided = Decidido en este nivel: aunque respondieran todas las bases que faltan, no cambiaría.
results-not-decided = Todavía no decidido: las bases que faltan pueden cambiarlo.
results-tally = Resultado
results-chart-title = Resultado en { $body }
results-weight-votes = { $count ->
    [one] { $shown } voto
   *[other] { $shown } votos
  }
results-weight-bases = { $count ->
    [one] { $shown } base
   *[other] { $shown } bases
  }
results-weight-members = { $count ->
    [one] { $shown } afiliado
   *[other] { $shown } afiliados
  }
results-share = { $share } %
results-below = Organismos de abajo
results-no-below = No hay organismos con bases debajo de este.
results-see = Ver resultados
results-own-vote = Voto propio de { $body }
results-own-vote-note = Se muestra al lado del resultado de sus bases; no se suma a él.
results-adopted = Adoptó
results-adopted-none = no adoptó ninguna opción (empate)
results-this-base = Respuesta de esta base
results-base-answered-on = Respondió el { $date }
results-base-late = atrasada
results-base-missing = Esta base todavía no respondió.
results-missing = Bases que faltan
results-missing-count = { $count ->
    [0] Todas las bases respondieron.
    [one] Falta 1 base.
   *[other] Faltan { $count } bases.
  }
results-missing-under = de { $parent }
results-missing-more = { $count ->
    [one] … y 1 más (en el CSV).
   *[other] … y { $count } más (en el CSV).
  }
results-print = Versión para imprimir
results-radio = Texto para la radio
results-csv = Descargar CSV
results-json = Datos (JSON)
results-printed-on = Impreso el { $date }
results-radio-head = Resultados de la consulta de { $launcher }: { $question }
results-radio-level = En { $body }: { $total ->
    [one] de una base consultada
   *[other] de { $total_words } bases consultadas
  } { $answered ->
    [one] respondió una
   *[other] respondieron { $answered_words }
  }.
results-radio-option = Por «{ $option }»: { $words } { $unit }.
results-radio-unit-votes = { $count ->
    [one] voto
   *[other] votos
  }
results-radio-unit-bases = { $count ->
    [one] base
   *[other] bases
  }
results-radio-unit-members = { $count ->
    [one] afiliado
   *[other] afiliados
  }
results-radio-leading = Va adelante «{ $option }».
results-radio-no-leading = Ninguna opción va adelante todavía.
results-radio-decided = El resultado ya está decidido en este nivel.
results-radio-not-decided = { $missing ->
    [one] Todavía falta que responda una base
   *[other] Todavía falta que respondan { $missing_words } bases
  }; el resultado puede cambiar.
results-radio-deadline-open = Las bases pueden responder hasta el { $when }.
results-radio-deadline-past = El plazo venció el { $when }.
results-csv-body = organismo
results-csv-code = código
results-csv-kind = tipo
results-csv-parent = organismo superior
results-csv-is-base = es base
results-csv-bases = bases
results-csv-answered = respondieron
results-csv-late = atrasadas
results-csv-missing = faltan
results-csv-members-total = afiliados
results-csv-members-represented = afiliados representados
results-csv-leading = va adelante
results-csv-decided = decidido
results-csv-own-vote = voto propio
results-decided-short = decidido
results-yes = sí
results-no = no
