# Consultas a las bases: campos, reglas y errores.

## Campos

field-consulta_kind = tipo de consulta
field-aggregation_rule = forma de sumar las respuestas
field-question = pregunta
field-deadline = plazo
field-consulta_option = opciones
field-base_kind = quiénes responden
