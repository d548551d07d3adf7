# The acta a union files, the convocatoria as unions write it, the statute.
attendance-absent = Ausente
field-signer_offices = cargos que firman el acta
field-term_years = gestión (años)
field-resolution = resolución que lo adoptó
not_linked = Su cuenta no está vinculada a una persona: un administrador la vincula en la página de la cuenta.
not_office_holder = La persona vinculada a su cuenta no ocupa el cargo de { $office } en { $body }.
acta-notes = Notas
acta-opened = Apertura
acta-closed = Clausura
acta-not-yet = todavía no
acta-quorum-rule = { $rule ->
    [half_plus_one] mitad más uno de los habilitados
    [percent] el { $n } % de los habilitados
    [count] al menos { $n } presentes
   *[none] sin quórum
}
acta-term-years = { $years ->
    [one] un año
   *[other] { $years } años
}
acta-statute-version = Estatuto, versión { $version }
acta-statute-default = Estatuto por defecto (el órgano no escribió el suyo)
acta-absence-fine = Multa por falta sin justificación
acta-no-fine = sin multa
acta-term = Gestión
acta-signers = Firman el acta
acta-elected = Elegido: { $name }, { $office }, del { $start } al { $end }.
acta-elected-open = Elegido: { $name }, { $office }, desde el { $start }.
acta-attendance-present = { $count ->
    [one] Presente (1)
   *[other] Presentes ({ $count })
}
acta-attendance-late = { $count ->
    [one] Llegó tarde (1)
   *[other] Llegaron tarde ({ $count })
}
acta-attendance-excused = { $count ->
    [one] Justificado (1)
   *[other] Justificados ({ $count })
}
acta-attendance-absent = { $count ->
    [one] Ausente (1)
   *[other] Ausentes ({ $count })
}
acta-fines-list = { $count ->
    [one] 1 multa por falta
   *[other] { $count } multas por falta
}
acta-handwritten = Firma o huella
acta-signed-digitally = firmó digitalmente el { $at }
acta-sign-office-help = Firma quien ocupa el cargo: su cuenta debe estar vinculada a su persona.
acta-proposer = Propuesta por
acta-convenes = Convoca
acta-convenes-directiva = La directiva
acta-radio-convenes = Convoca { $who }.
acta-radio-fine = La falta sin justificación se multa con { $amount } bolivianos.
acta-radio-agenda = Orden del día
acta-statute-adopted = Adoptada
acta-statute-resolution = Resolución que lo adoptó
acta-statute-no-resolution = sin resolución registrada
acta-statute-pick-resolution = — ninguna registrada —
acta-statute-resolution-help = (la resolución de la asamblea del órgano que aprobó el cambio)
acta-term-hint = (años que dura un cargo elegido, si la asamblea no fija otro fin)
acta-term-placeholder = si queda vacío: { $end } ({ $years })
acta-statute-readonly = Solo los dirigentes del órgano cambian su estatuto.
