## Formularios: el resumen de problemas, fechas que no existen

form-problems = { $count ->
    [one] El formulario tiene un problema:
   *[other] El formulario tiene { $count } problemas:
}
no_such_date = { $field }: el { $value } no existe.
form-required-note = Los campos marcados con * son obligatorios.
