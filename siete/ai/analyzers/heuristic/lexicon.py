"""Weighted Spanish cues per intent (plain spelling; matching folds accents, case and ASR slips).

An intent holds in a turn when the weights of its distinct cues found there reach THRESHOLD: a strong cue (2)
decides alone, weak cues (1, 0.5) only together — "¿se lo dejo?" is an offer beside a price, not beside a date.
"""

from __future__ import annotations

from siete.ai.analyzers.heuristic.matching import cues

THRESHOLD = 2.0

GREETING = (
    cues(2, "hola", "buenos|buen dias|dia", "buenas|buena tardes|tarde|noches|noche", "buenas", "bienvenid*",
         "vienvenid*", "saludos", "que tal", "como esta|estas|estan|andas|anda|amaneci*", "como le|te|les va", "epa", "wepa", "mucho gusto",
         "un gusto", "que gusto verlo|verla|verte|verlos|tenerlo|tenerla", "buenas buenas", "pase|pasen adelante", "adelante",
         "=klk",  # Dominican '¿qué lo que?' as written; said, 'que lo que' is too often 'es que lo que pasa…'
         "=nuevos|=nuevas dias|dia|guias|tardes|tarde|noches",  # how ASR hears 'buenos días' said fast
         "que onda", "pasele|pasale|pasenle pasele|pasale|pasenle"),  # Mexican: 'pásele, pásele' bids one in
    cues(1, "pasele|pasale|pasenle"),
    cues(-2, "una|media|la|de|por|cada|otra|que|mas|dos|tres|cuatro|cinco hola",  # 'en una hora' folds to 'hola'
         "con mucho|todo gusto"),  # 'claro, con mucho gusto' is 'with pleasure'
)

# Self-introductions: a name after these (see findings.introduces_self), or a role said of oneself.
# = : the verb exactly ('lo atiendo' is not 'lo atiende'); 'le atienden Marisol' and 'le saludo a Claudia' are how
# ASR writes 'le atiende' and 'le saluda' before a name, 'la tiende Octavio' how it hears 'lo atiende'.
INTRODUCTION = ("mi nombre es|e|se", "me =llamo", "yo me =llamo", "me =llaman|=dicen", "a mi me =llaman|=dicen", "=soy", "yo =soy", "le|lo|la|les|te =atiende", "le|lo|la|les =tiende", "te =saluda", "le|les|te da|dan la bienvenida",
                "le|lo|la|les =saluda", "le|lo|la|les =atienden", "le|les =saludo a", "le|lo|la|les =habla", "=habla",
                "=habla con", "=hablando con", "usted =esta con", "=esta usted con", "les|le =atendera", "me =presento", "con usted|ustedes", "=aqui", "=aca",
                "=conmigo", "yo =mismo|=misma", "=aqui =es|=e", "me =dice", "=soy el|la", "yo =soy el|la")
# 'Pregunte por mí, que me llamo Wendy': a capitalised name a few words after these (ASR garbles the verb between).
ASK_FOR_ME = ("pregunte|pregunten|preguntes|preguntas|pregunta|busque|busquen|buscar|pida|pidan por mi",)
ROLES = ("asesor*|ejecutiv*|gerente|coordinador*|encargad*|cajer*|vendedor*|recepcionista|mesero|mesera|doctor*|"
         "farmaceutic*|supervisor*|agente|consultor*|representante|enfermer*|tecnico|tecnica|optometrista|entrenador*|"
         "dependient*|ingenier*|licenciad*|especialista|analista|administrador*|promotor*|anfitrion*|auxiliar|asistente|"
         "secretari*|mecanico|estilista|chef|cocinero|cocinera|instructor*|profesor*|maestr*|veterinari*|abogad*|"
         "contador*|jefe|jefa|capitan|piloto|azafata|sobrecargo|bibliotecari*|conductor*|chofer|corredor*|guia")
# A role said of oneself with a word before it where the name goes ('yo soy jamal, la jefa de recepción', ASR's
# 'Yaimara'), or 'me presento, soy …' with the name garbled; a role alone ('soy la supervisora') names nobody.
SELF_ROLE = cues(2, "soy !la =el|=la|=su|=tu " + ROLES, "me =presento")  # !la: a word, never skipped
ROLE_THEN_NAME = "soy =el|=la|=su|=tu " + ROLES  # 'soy el asesor Felipe Rojas', 'soy su asistente, Luisa'
AFTER_NAME = ("para servirle|servirles|servirte", "para ser libre", "esa|ese soy yo", "su|tu servidora|servidor", "a la orden|ordenes", "a sus ordenes", "a su servicio",
              "para lo que ocupe|necesite|guste|necesiten|gusten",
              "de la seccion|area|oficina", "del area|departamento", "de secretaria|recepcion|ventas|cobranza|soporte|atencion")

OVER = "promocion*|oferta|ofertas|descuento*|promo|rebaja*|especial|2x1|liquidacion|campaña"  # what may be over
# A price told: an offer's terms, unless the customer just asked what it costs ('¿cuánto me sale todo?').
PRICE_TOLD = cues(2, "le|les|te sale|saldria|queda|quedaria a|en")
OFFER = (
    PRICE_TOLD,
    cues(2, "le|les|te ofrezco", "le|les|te ofrecemos", "puedo|podemos|quisiera|quiero ofrecer*", "ofrecer*",
         "promocion*", "promo", "descuento*", "rebaja*", "oferta|ofertas", "dos|tres por uno|dos", "2x1",
         "sin intereses", "financia*", "en|a|hasta|sin cuotas", "cuotas sin|fijas|mensuales|comodas", "especial de",
         "plato|menu|sugerencia|recomendacion|especial del dia|chef", "plato|menu|sugerencia|especial de hoy|la casa",  # 'el plato del día es…'
         "en especial", "la especialidad", "garantia extendida", "le|les|te conviene", "le|les|te interesa",
         "le|les|te gustaria llevar*|solicitar*|contratar*|agregar*|probar*|adquirir*|aprovechar*|ampliar*|mejorar*|subir*|conocer*",
         "mismo precio|valor", "sale|salen|queda|quedan al precio de|del", "se lo|la lleva al precio de|del", "por ciento menos", "de cortesia", "bonificar*", "le|les|te regalamos", "de regalo", "cortesia",
         "mas barato|economico", "por nuestra cuenta", "le|les|te sale|saldria|queda|quedaria gratis", "le|les|te interesaria|interesarian",
         "puedo|podemos|podria|podriamos mejorarle|ofrecerle|subirle|ampliarle|agregarle|incluirle",
         "quiere|quieren|desea|desean que le|les|te incluya|sume|añada",
         "combo", "en combo", "mitad de precio", "a mitad|medio precio", "sin cargo|costo adicional", "sin cuota de", "le|les|te sale mas", "dolares|pesos|soles|lucas mas",
         "por _ dolares|pesos|soles mas", "mejorar su plan", "subir de plan",
         "le|les|te provoca un|una|unos|unas|algo|otro|otra",  # '¿les provoca un postrecito?'
         "no quiere|quieren|desea|desean|gusta|gustan|late|laten|tinca|antoja llevar*|probar*|agregar*|aprovechar*|sumar*",  # '¿no quiere llevarse…?'
         "le|les|te bajo|paso|cambio|subo|muevo al|a plan|paquete",  # a retention or upgrade move
         "llevarse|llevar|llevarte|agregar|sumar|aprovechar tambien",
         "y si le|te|les agregamos|metemos|ponemos|sumamos|incluimos|añadimos",  # '¿y si le metemos una tarjetica?'

         "lleve|llevate|llevese _ y|por", "pague dos|uno", "meses gratis|mes gratis",
         "y de|para =postre|=postrecito", "les|le|te =tiento|=antojo", "como|en parte de pago", "recibimos|tomamos|te tomo|le tomo su|tu|el|la usado|usada|viejo|vieja"),
    cues(2, "le|les|te recomiendo|sugiero este|esta|estos|estas"),
    cues(0.5, "gratis"),
    cues(1, "tenemos", "hoy hay|tenemos|tengo", "se anima|animan|animas|animaria|animarian",  # '¿se animan?' after a dish or a deal
         "le|les|te recomiendo|sugiero|recomendaria|sugeriria el|la|los|las|nuestro|nuestra", "le|les|te traigo", "se lo|la|los|las preparo|dejo|traigo|activo|agrego|pongo|sirvo|incluyo|separo|enseño|muestro",
         "le|les|te pongo", "le|les|te agrego|sumo|añado", "le|les|te cubre hasta", "a credito|plazos", "sin inicial|enganche|pie", "le puedo agregar|dejar|poner|pasar|incluir|activar|subir|mejorar|ampliar|cambiar",
         "quiere|quieren|desea|desean llevar*|agregar*|probar*|ver*|conocer*|contratar*|adquirir*",
         "precio especial|preferencial", "se|le|te ahorra|ahorraria|ahorras|ahorran", "no tiene|tendra|lleva costo|cargo",
         "no le|les|te cuesta|cobramos nada",
         "conoce|conoces|conocen nuestro|nuestra|nuestros|nuestras", "puntos|millas",
         "mas completo|completa|potente|moderno|moderna", "acaba|acaban de llegar",
         "le|les|te muestro", "de especialidad", "quiere|quieren|desea|desean que se lo|la|los|las",
         "lo|la desea", "si quiere|gusta|desea", "sin cargo", "=adicional|=adicionales", "puede pedir|solicitar|sacar|agregar", "llevando|comprando|pagando|contratando", "sin costo", "compensacion", "les|le|te incluimos",
         "=si paga|lleva|compra|reserva|contrata|saca|pide|toma|activa|renta|alquila", "le|les|te damos|dejamos", "le|les|te puedo|podemos|podria|podriamos dar|ofrecer|dejar|conseguir|hacer",
         "le|les|te incluyo", "diferencia de", "le|les|te dejo|doy los|las|ambos|ambas _ en|a|por", "le|les|te lo|la|los|las dejo en|a|por",
         "=si se lo|la|los|las lleva|llevas|compra|compras|lleve", "por _ =mas|=ma", "por que =no lo|la|le|te|se|les", "congela*|congelar*|pausar*",
         "esta|estan|sale|salen =a _ =soles|=pesos|=dolares|=lucas|=mil", "por un poquito|poco|poquitico mas", "beca|becas", "al mes", "mensual*", "incluid*", "extra",
         "por un|una|_ dolar|dolares|peso|pesos|sol|soles", "=tasa", "por ciento", "anual",
         "por solo|solamente", "paquete", "plan de", "version", "esta|estan con", "si se afilia|inscribe|suscribe|asocia|registra", "si _ se afilia|inscribe|suscribe|asocia|registra",
         "le|les|te baja|bajaria|rebaja|rebajaria|bajamos|rebajamos",
         "por un pequeño|modico|minimo cargo|costo|precio"),
    # an offer said to be over is none: 'la promoción se terminó ayer', 'ya no hay descuento'
    cues(-3, OVER + " termino|acabo|vencio|expiro|caduco|terminaron|acabaron|vencieron|paso",
         OVER + " _ termino|acabo|vencio|expiro|caduco|terminaron|acabaron|vencieron|paso",
         "ya no hay|tenemos|aplica " + OVER, OVER + " =no|=ya", OVER + " era|fue|estuvo|duro hasta", "por uno ya|se termino|acabo|vencio|paso",
         "eso|esa|ese era|fue el|la " + OVER),
    cues(-2, "le|les|te conviene *ar|*er|*ir|*arlo|*arla|*erlo|*erla|*irlo|*irla|*arle|*erle|*irle|*arse|*erse|*irse"),  # advice
)

# Closing formulas that open a clause of the employee's last turn: there the words after them may be garbled
# ('que tengan habilitatarte', 'hasta el video', 'gracias a San Stead', 'a lo más en que…' for 'que tenga una linda
# tarde', 'hasta luego', 'gracias a usted', 'algo más en que…'; 'que te engaña' is how ASR hears 'que tenga una');
# elsewhere 'que tenga su cédula' or 'hasta las seis' are no farewell.
FINAL_CLOSURE = cues(2, "que tenga|tengan|tengas|pase|pasen|pases", "que te enga*", "que le|les|te vaya|valla|va", "hasta",
                     "gracias a", "a lo mas", "ha sido un|una", "buen|buenos dia|dias", "buenas tardes|noches",
                     "en que mas|ma le|les|te puedo|pueda|podemos ayud*|servi*|colabor*",
                     "en que le|les|te puedo|pueda|podemos ayud*|servi*|colabor*")

CLOSURE = (
    cues(2, "algo mas|ma en que|que|le|les|te", "algo mas|ma", "alguna otra consulta|cosa|pregunta|duda",
         "otra cosa en que|que", "necesita|necesitas algo mas|ma", "gracias por su|tu visita|compra|preferencia|paciencia|"
         "confianza|tiempo|espera", "gracias por venir|elegir*|preferir*|confiar|visitarnos|comprar",
         "gracias por !nada", "por su|tu preferencia|visita|confianza",
         "gracias a usted|ustedes|ti|uste",
         "que tenga|tengan|pase|pasen|tengas|pases buen|buena|buenos|buenas|un|una|excelente|lindo|linda|feliz|bonito|"
         "bonita|gran|grata|muy|bendecido|bendecida|lindos|lindas",
         "que le|les|te vaya", "que disfrute*", "que este|esten bien", "que se alivie|mejore|mejoren",
         "buen viaje|provecho", "que _ un|una buen|buena|excelente|lindo|linda|feliz|bonito|bonita dia|tarde|noche|viaje", "buen fin de semana", "feliz dia|tarde|noche|viaje|estadia",
         "hasta luego|pronto|mañana", "hasta la proxima", "nos vemos", "ha sido un gusto|placer", "un gusto",
         "chao|chau", "le|lo|la|los|las|les esperamos", "vuelva|vuelvan cuando guste|gusten|quiera|necesite|necesiten", "adios", "vuelva|vuelvan|regrese|regresen pronto",
         "a la orden|ordenes", "a sus ordenes", "para servirle|servirles|servirte", "para ser libre",
         "estamos para servirle|servirles|ayudarle", "fue un placer", "un placer atenderle|atenderlos",
         "dios lo|la|los|les bendiga", "dios lo|la|los|las|les|te|me acompañe|cuide|proteja|guarde", "dios me lo|la bendiga", "cuidese", "cuidate|cuidense", "aqui tiene|tienes su|tu casa", "vaya|vayan|vayase|ve|anda con dios", "vaya|vayan|ve|anda|maneje con cuidado",
         "que todo salga|vaya|este bien",
         "se le|les|te ofrece otra|alguna|algo", "otra cosita|cosa mas", "que este muy bien", "disfrute|disfruten su|sus|la|el"),
    cues(-2, "proxima|vez que tenga|tengas|tengan|pase|pases|pasen"),  # 'pa' la próxima que tengas, ponle…'
    cues(1, "con mucho|todo gusto", "muchas gracias", "de nada", "gracias", "cualquier cosa", "estamos a la orden",
         "listo ya esta|quedo", "aqui nos|me encuentra|encuentran|encuentras|tiene|tienes", "aqui andamos|estamos"),
)

VALUE_ADDED = (
    cues(2, "le|les|te recomiendo|sugiero *ar|*er|*ir|*arlo|*arla|*erlo|*erla|*irlo|*irla|*arle|*erle|*irle|*arse|*erse|*irse|que", "le|les|te aconsejo",
         "le|les|te recuerdo", "recuerde", "no olvide", "ojo", "tenga cuidado", "acuerdese|acuerdate de", "cuidado con", "es mejor|conviene *ar|*er|*ir|*arlo|*arla|*erlo|*erla|*irlo|*irla", "conviene que",
         "un consejo|consejito|=datico|=datito|=tip|=tipcito", "un dato", "le|les|te digo|cuento|comento una cosa", "le|les|te digo|cuento|comento algo",
         "le|les|te voy a decir|contar una cosa", "le|les|te voy a decir|contar algo", "hazme|hagame|hagan|haganme caso", "tenga|tome en cuenta",
         "le|les|te explico", "le|les|te enseño",
         "le|les|te muestro como", "por =si acaso|necesita|algo|tiene", "por =si le|se da|pasa|ofrece|complica|presenta", "cualquier duda|consulta",
         "puede descargar*", "le|les|te envio", "bajese|bajate|descarguese|descargate|instale|instalese la|nuestra aplicacion|app",
         "cualquier _ me|nos consulta|escribe|llama|avisa|pregunta",
         "le dejo mi|el|la|los numero|tarjeta|contacto|volante|correo|folleto|catalogo|horario|horarios",
         "le|les|te anoto|dejo|doy|paso|apunto mi celular|numero|whatsapp|telefono|correo|contacto",
         "para que no", "asi no", "asi le", "no =se le", "no pase|pasen|exceda|exceder de", "use siempre", "evite",
         "lo mejor es", "es importante", "es preferible|recomendable|aconsejable", "en ayunas", "le|les|te hace|hacen daño|mal", "nunca|jamas le|les|te comparta|preste|entregue|revele|diga|de", "le doy un|el dato|consejo",
         "rinde|dura|duran|seca|funciona|conserva|queda mejor|mas si|cuando|con",
         "le|les|te paso|mando|comparto|envio el|la|mi enlace|link|numero|contacto|correo|whatsapp|catalogo|folleto"),
    cues(-2, "no te|se pongas|ponga asi|bravo|brava|triste|nervioso|nerviosa"),  # comfort, not advice
    cues(1, "le|les|te recomiendo|sugiero", "le dejo", "mi numero|tarjeta|contacto|celular|whatsapp|telefono|correo",
         "me escribe|llama|avisa|marca|escribes|llamas|avisas por|al",
         "=use|=aplique|=apliquelo|=pongale|=guarde|=conserve|active",  # exact: 'ponga las cosas ahí' is no 'póngale'
         "si trabaja|maneja|usa|viaja|sale|corre|camina|come", "si nota|ve|siente|escucha|oye que", "siempre",
         "abre|cierra a las",
         "para que no|se|le|lo|la|los|las|les|te|usted|sea|este|dure|duren|tenga|pueda|quede|funcione|sirva|rinda",
         "=si puede|pudiera", "hay menos gente", "para la proxima", "proxima vez", "para|pa otra ocasion|vez",
         "en la aplicacion|app|pagina",  # weak: 'en la página decía…' is no tip
         "puede pedir|sacar|agendar|reservar", "lejos del|de", "si le duele|molesta|pica|arde|sigue",
         "a urgencias|emergencias", "al medico|doctor", "que se daña|dañe|dañan|arruina|estropea", "le|lo|la|se daña|dañe|dañan|arruina|estropea|malogra",
         "fijese|fijate que|en", "y una|otra cosa", "nomas|solo|solamente una cosa",
         "no|nunca lo|la|los|las|le|les|se =tome|=tomen|=combine|=combinen|=mezcle|=deje|=use|=moje|=exponga|=preste|"
         "=comparta|=olvide|=toque|=abra|=saque|=meta|=firme|=entregue|=pague",  # 'no lo tome en ayunas'
         "si lo|la|le|los|las ve|nota|siente|ves|notas|sientes", "es normal", "me lo|la|los|las trae|traes|traen",
         "lo mas pronto posible", "no debe|deberia|debes|deberias", "tiene|tienen _ meses|años|dias de garantia"),
)

COMPLAINT = (
    cues(2, "queja", "quejarme", "reclamo", "reclamar", "pesim*", "terrible", "horrible", "desastre",
         "burla", "engaño", "inhumano", "verguenza", "falta de respeto",
         "estoy|estamos|ando|ya|quede harto|harta", "harto|harta de",  # not 'las protege harto' (a lot)
         "cansad*", "molest*", "enojad*", "indignad*", "mal servicio", "mala atencion",
         "peor servicio", "que mal", "muy mal", "esta mal", "no sirve", "no funciona", "no calienta",
         "no servia|funcionaba|enfriaba|calentaba|prendia|andaba|servian|funcionaban",
         "no enfria", "no carga", "no llega|llego", "no hay sistema", "no me dijeron|explicaron|avisaron|dicen|dice",
         "nadie me|nos|avisa|dice|informa|atiende|ayuda|explica", "tercera|segunda|cuarta vez",
         "llevo _ hora|horas|minutos|semanas|meses|mes|dias",
         "tiene|tengo dos|tres|una horas|hora esperando", "me cobraron", "me han cobrado", "me estan cobrando", "me cobran",
         "=de =mas", "atraso", "se demoro", "lentisim*", "muy lento|lenta", "dañad*", "fallad*", "fallo|falla _ veces",
         "sucia|sucio", "fria|frio", "se me perdio|perdieron", "bloquean|cortaron",
         "siempre _ lo mismo", "siempre la misma", "siempre es", "siempre me", "falta de",
         "me tienen dando vueltas", "de balde", "me aumentaron", "es un problema",
         # said other ways: outrage, disappointment, broken or missing goods, being ignored or mistreated
         "abuso", "inaceptable", "estafa*", "decepcionad*", "disgustad*", "no es justo", "esto|eso no puede ser",
         "falta de seriedad|respeto|consideracion|profesionalismo", "mala educacion", "muy feo", "me trato|trataron mal|feo",
         "vino|llego|esta roto|rota|rotos|rotas|quebrad*|incomplet*|abierto|abierta|vencid*", "olia|huele a humedad|feo|mal|podrido|cigarro",
         "mal el cambio", "me dejaron colgad*|plantad*", "nunca contestan|atienden|responden|llaman",
         "no me han resuelto|solucionado|arreglado|respondido|llamado|devuelto", "de aqui para alla",
         "de mala gana|manera|forma", "me tienen loco|loca|harto|harta|cansado|cansada", "relajo", "estaba|vino|llego duro|dura|viejo|vieja|crudo|cruda|quemad*|podrid*", "me hicieron|hacen|tienen esperar|esperando", "carisim*", "demasiado caro|cara",
         "nunca llego|llega|vino|vinieron|llegaron|aparecio|aparecieron|llamaron|contestaron", "me colgaron|cuelgan|colgo",
         "no me dejan|dejaron|quieren atender|hablar|entrar|pasar|explicar", "desorden", "desorganizad*", "que caos",
         "me|se equivocaron", "mal atendid*", "me mintieron|mintio|engañaron",
         "hace _ que espero", "hace _ que estoy esperando", "me tienen esperando"),
    cues(1, "otra vez", "esperando", "ya llame", "ya pregunte", "tres veces", "dos veces", "no hay", "caro",
         "no se aguantaba|aguanta", "me habia|habian dicho|prometido",
         "ojala", "todavia"),
)

# Money as customers say it ('me llevo mis cuartos pal Popular').
MONEY = "plata|cuartos|chavos|chelitos|lana|billete|pasta|guita|varo|feria|ahorros|fondos"
# What a customer leaves for, and what they cancel: shared by the ways of saying it below.
BUSINESSES = "compañia|banco|operadora|aseguradora|proveedor|empresa|clinica|gimnasio|operador"
ACCOUNTS = "cuenta|cuentas|plan|servicio|membresia|seguro|linea|contrato|tarjeta|poliza|suscripcion"

# Where a customer may take their business (after "otra|otro").
PLACES = ("compañia|aseguradora|operadora|banco|clinica|gimnasio|hotel|optica|agencia|escuela|colegio|universidad|veterinaria|academia|"
          "inmobiliaria|panaderia|salon|peluqueria|notaria|rentadora|paqueteria|mensajeria|courier|farmacia|ferreteria|"
          "libreria|taller|concesionario|distribuidora|marca|cadena|financiera|cooperativa|lavanderia|"
          "supermercado|aerolinea|linea|tienda|lado|empresa|entidad|local|sitio|parte|proveedor|operador|cuadra|esquina|calle|"
          "acera|carniceria|colmado|pulperia|bodega|abarroteria|mercado")

CHURN = (
    cues(3, "cancelar|canselar|cerrar|serrar|anular mi|la|el|esta|este|mis|todo|todos|las|los|sus|ambas|ambos|todas "
            "cuenta|cuentas|plan|"
            "servicio|membresia|seguro|internet|linea|contrato|tarjeta|poliza|suscripcion|todo|esta|este",
         "cancelar el|la internet|servicio|plan|cuenta|membresia|seguro|linea", "vengo|vine|voy a cancelar|canselar|cerrar|serrar|anular",
         "quiero|quisiera cancelar|canselar|cerrar|serrar|anular", "dar|darme|darle de baja", "ser a mi cuenta", "vengo a ser a",
         "me voy a|al|con|pa|para|pal otra|otro|otros", "me cambio a|al|con",
         "no voy|vamos|va|van|pienso|pensamos a renovar|renovarles|renovarle", "no me|nos lo|la|le|los renueven|renueve",
         "ya =no se|nos|me|lo|la|los|las inscribe|inscribimos|inscribo|renueva|renovamos|renuevo|matricula|matriculamos",
         "les|le quito|corto|cancelo el|la|mi cable|internet|servicio|plan|seguro|linea|contrato|suscripcion",
         "me cambio de " + BUSINESSES + "|seguro|agencia",
         "me paso a|al|con otra|otro|otros", "me llevo el|mi|mis|todo seguro|dinero|negocio|cuenta|cuentas|familia|" + MONEY,
         "me llevo el seguro", "llevo el seguro de toda", 
         "de enfrente", "no =vuelvo", "no =vuelvo a", "no regreso", "no les compro", "nunca mas", "ultima vez|ve que", "la competencia", "pasar todo mi dinero",
         "ya no quiero nada"),  # 'no =vuelvo' exact: 'que no se vuelva a arruinar' is no leaving
    cues(2, "otra|otro " + PLACES, "de al frente|lado", "del frente", "ya abri|contrate",
         "me lo|la|los|las llevo", "otra|otro _ de al frente|lado",
         "prefiero irme|irnos|cambiarme|pasarme", "ya estoy|estamos viendo|buscando otro|otra", "viendo|buscando|mirando|evaluando otras|otros opciones|alternativas|lugares|bancos|compañias",
         "me voy|vamos a|al|pa|pal|para|donde _ supermercado|banco|clinica|gimnasio|hotel|optica|farmacia|tienda|taller|"
         "concesionario|aseguradora|aerolinea|restaurante|colmado|local|mercado", "me devuelven|devuelvan el|mi dinero|plata",
         "que me devuelvan|devuelven|reembolsen lo de|pagado|que",  # 'vine pa' que me devuelvan lo de las clases'
         "sacamos|saco|sacar|retiramos|retiro|retirar|sacaremos|retiraremos a _ de aca|aqui",  # 'le sacamos a Thiago de acá'
         # sending or buying elsewhere: 'los envíos los mandemos por otra paquetería', 'compro en otro lado'
         "mandar|mandemos|mandamos|mando|enviar|enviemos|enviamos|comprar|compremos|compramos|compro|hacer|hagamos|"
         "hacemos|llevar|llevemos|llevamos por|con|en|a|donde otra|otro|otros|otras",
         "los|las demando", "que no|tampoco =vengan|=vuelvan|=compren|=vayan", "que no|tampoco pongan|pisen un pie",  # telling family to stay away
         "ya lo|la|los|las|le|les inscribi|inscribimos|matricule|matriculamos|anote|anotamos|apunte|apuntamos en|con",
         "cupo|matricula|inscripcion en un|una|otro|otra", "con|por portabilidad",
         "ya me pase|mude a|al|con|para"),  # 'ya me pasé a la otra compañía' (beside the competitor)
    cues(-2, "en la|el otra|otro " + PLACES,
         "mesa|mesas|señora|señor|muchacho|muchacha|fila|casa|cuarto|habitacion|vecino|vecina|puesto|asiento|ventanilla|caja de al frente|lado"),  # 'en la otra concesionaria me lo pasaron igual' compares prices
    cues(1, "si esto sigue|continua asi", "si no me|lo resuelven|arreglan|solucionan", "desde ahora|hoy",
         "de ahora en adelante", "me lo|la|los|las atiende|arregla|revisa|hace un|una|otro|otra", "me quedo nomas|solo|solamente con"),
    cues(3, "retirar|retiro|saco|sacar|sacare todo|todos|todas mi|mis ahorros|dinero|plata|fondos|cuentas", "la ultima que les|le compro",
         "no les compro ni", "ya no les voy a comprar|pagar|seguir"),
    # leaving said other ways: ending the contract, asking for the 'baja', not renewing, not coming back
    cues(3, "cancelen|cancele|cierren|cierre|anulen todo", "cancelen|cierren|anulen mi|la|el|los|las " + ACCOUNTS,
         "denme|deme|dame|den de baja", "quiero|quisiera|pido la baja", "tramitar|procesar la baja",
         "desafilia*", "desafiliar*", "desinscrib*", "rescindir*", "rescinda*",
         "terminar|finalizar|anular el|mi|este contrato|servicio|plan|seguro|membresia",
         "dar por terminado el|mi|este contrato|servicio|plan|seguro",
         "doy|damos por terminado|terminada", "dejar|dejo de ser cliente|clienta|socio|socia",
         "me voy a cambiar|pasar de|a " + BUSINESSES,
         "cambiarme|pasarme de|a " + BUSINESSES,
         "me borro|borrarme del", "perdieron|perdio|perder|perdiendo cliente|clienta|clientes", "me doy de baja",
         "cancelo|cierro|anulo mi|la|el|mis|los|las|esa|ese|esta|este " + ACCOUNTS,
         "carta|solicitud|formulario|tramite de cancelacion|baja|desafiliacion",
         "no quiero|deseo ser socio|socia|cliente|clienta|miembro", "no quiero|deseo seguir siendo socio|socia|cliente|clienta|miembro", "salirme del",
         "me retiro|salgo|retirarme del|de plan|servicio|gimnasio|club|seguro|banco|programa|contrato", "no renuevo", "no pienso renovar|volver|seguir",
         "no me vuelven a ver", "no me ven mas", "hasta aqui llegue", "hasta nunca", "no quiero saber mas nada", "no quiero saber nada mas",
         "no voy a seguir|continuar con ustedes", "ya no sigo con ustedes", "si no me|lo|la arreglan|resuelven|solucionan|devuelven me|yo|nos voy|vamos", "portabilidad a|para|con otra|otro",
         "me llevo mi|la|toda|mis plata|dinero|ahorros a|para otro|otra", "ya firme con|en otra|otro", "ya me inscribi|afilie con|en otra|otro",
         # moving the money or the business to another place ('voy a pasar mis ahorros pa' la cooperativa de…'), or
         # switching whatever the employee does ('me cambio igual')
         "pasar|llevar|mover|llevarme|pasarme mis|mi|todo|todos " + MONEY + "|cuentas|negocio|cosas para|pa|pal la|el|otra|otro",
         "me cambio|voy igual|igualito", "me cambio|voy de todas|todos formas|modos",
         # taking the ones they pay for away: 'voy a retirar a mi hijo de este colegio'
         "retirar|sacar|retiro|saco a mi|mis|la|el|los hijo|hija|hijos|hijas|niño|niña|niños|niñas|nene|nena|"
         "mascota|perro|perra|gato|gata"),
    cues(1, "buscar|busco|buscare otro|otra proveedor|operador|compañia|banco|seguro|aseguradora|lugar|sitio|lado"),
)

SATISFACTION = (
    cues(2, "muy amable", "excelente", "perfecto", "que bien", "que bueno", "buenisim*", "delicios*",
         "buena atencion", "buen servicio", "me salvo", "genial", "brutal",
         "de lujo", "muy rapido", "me encanta", "me gusta", "le agradezco", "suena bien",
         "todo excelente", "muy bien", "que rico", "muy rico"),
    cues(1, "muchas gracias", "me parece bien"),
)

WAIT = cues(2, "llevo _ hora|horas|minutos", "hace _ minutos|horas", "esperando", "espera", "cola", "fila",
            "atrasad*", "atraso", "demora", "se demoro", "retrasad*", "ya son las")
REPEAT_VISIT = cues(2, "tercera|segunda|cuarta vez", "otra vez", "ya vine", "dos veces", "tres veces",
                    "vengo por tercera")
CALL = cues(2, "ya llame", "llame al", "llame a la", "la linea", "por telefono")
TRANSFER = cues(2, "me transfirieron", "me mandaron", "otra ventanilla", "lo tiene que ver", "tiene que ir",
                "eso lo ve", "lo =ve el", "consultarlo con", "escalarlo")
PAPERWORK = cues(2, "formulario", "formato", "firme", "firma", "documento", "requisito*", "cedula", "carta de")
REFUSAL = cues(2, "no se puede", "no puedo hacer nada", "no le puedo", "eso no lo veo", "como quiera",
               "usted decide", "es la politica", "pues no", "si no hay no hay", "esta en su derecho",
               "tiene que esperar", "hay que esperar", "siguiente")
ASKS_PRICE = cues(2, "cuanto cuesta|cuestan|sale|salen|es|son|vale|valen|cobran|queda|seria", "que precio", "a como")
# The customer asking for advice: what the employee answers then was asked for ('¿cuál me recomienda?').
ASKS_ADVICE = cues(2, "que|cual me|nos recomienda|recomiendas|recomendai|recomendas|aconseja|aconsejas|sugiere|sugieres",
                   "que|como hago|hacemos|hacer para", "que puedo|podemos|debo|debemos hacer|hacerle para",
                   "que tengo|tenemos que hacer|hacerle", "algun consejo|tip|truco|dato", "que debo|deberia hacer",
                   "como lo|la|los|las cuido|limpio|guardo|conservo|lavo|mantengo", "dar|da|das un|algun consejo|tip")  # explicit requests only
NEED = cues(2, "=quiero", "quisiera", "=necesito", "busco", "ando buscando", "me gustaria", "vengo a ver", "cuanto cuesta",
            "cuanto es", "que me recomienda", "informacion")
INTEREST = cues(2, "me interesa", "lo quiero", "me lo llevo", "me la llevo", "me llevo", "si por favor", "acepto",
                "de acuerdo", "agreguela", "hagale", "dale", "si claro", "deme", "damelo|dame", "traenos|traiganos|traé")

CLITICS = ("lo", "la", "los", "las", "le", "les", "se", "selo", "sela", "selos", "selas", "sele")


def _imperatives(verbs: str, clitics_only: str = "") -> list[str]:
    """Formal imperatives, singular and plural, and their forms with pronouns attached ('cambie', 'cámbielas',
    'no lo bañen', 'tómeselo'); some ('tome', 'de', 'pase') only with a pronoun, as bare words they hand things
    over or are prepositions."""
    return ([verb + number + ending for verb in verbs.split() for number in ("", "n") for ending in ("", *CLITICS)]
            + [verb + ending for verb in clitics_only.split() for ending in CLITICS])


# News told to the customer ('le cuento que…', 'le aviso que…'): advice, unless what it tells is an offer
# ('les cuento que el plato del día es…') — see findings.check_weight.
NEWS = (cues(2, "le|les|te comento|aviso|cuento que"), cues(1, "le|les|te informo que"))

# Advice in the imperative ("guárdelo con el protector", "no las use más de cuatro días"): negation does not
# undo advice, so these count even after "no"; two of them, or one with a purpose or a frequency, hold.
ADVICE = (
    cues(1, "|".join("=" + verb for verb in _imperatives(
        "use lave guarde cambie evite revise aplique deje ponga traiga venga llegue cuide limpie cargue apague "
        "desconecte descargue consulte pregunte apriete afloje mantenga conserve moje exponga actualice "
        "reinicie desenchufe lleve bañe meta saque seque tape agite mezcle riegue caliente hierva verifique "
        "desinfecte hidrate beba camine descanse compare anote avise escriba reporte bloquee coma maneje fume "
        "toque frote rasque instale",
        clitics_only="baje de tome pase quede vaya usa lava guarda cambia evita revisa aplica deja pon trae cuida limpia carga "
                     "apaga desconecta toma lleva seca tapa")),  # not fíjese: "fíjese que…" tells news
         "cuando lo|la|los|las instale|use|reciba|abra|prenda|conecte|lave|aplique|estrene",
         "=llegue|=venga|=lleguen|=vengan antes|temprano", "=llegue|=venga|=lleguen|=vengan _ antes|temprano", "cada _ dias|meses|semanas|horas",
         "una vez por|al", "antes de|del", "despues de|del", "si necesita|sigue", "si no", "por =si",
         # the tú form said with 'no' ('no los dejes al sol', 'nunca lo mojes')
         "no|nunca lo|la|los|las|le|les|te|se =dejes|=uses|=laves|=mojes|=expongas|=pongas|=guardes|=cargues|=tomes|"
         "=comas|=bebas|=mezcles|=olvides|=toques|=abras|=metas|=saques|=apagues|=prestes|=compartas|=descuides|"
         "=entregues|=firmes|=pagues|=aceptes|=confies|=digas|=des|=compres|=muestres|=mandes"),
)[0]

# Who speaks, when a recording has no diarization: cues typical of each side, beside the intents above.
EMPLOYEE_TALK = cues(2, "en que le|les|te puedo|podemos ayudar|servir|colaborar", "que puedo|podemos ayud*|servi*|colabor*",
                     "como puedo|podemos ayud*|servi*|colabor*", "puedo ser libre", "que se le ofrece", "que necesita",
                     "=digame", "firme aqui", "me permite", "permitame|permitanme|permiteme", "su cedula|identificacion|numero|ticket|receta|factura|"
                     "recibo|pasaporte|nombre", "dejeme ver|revisar", "ya quedo", "aqui tiene", "con gusto",
                     "ya =se lo|la", "le atiende", "ya lo atiendo", "tiene que", "le llamamos", "le voy a abrir",
                     "por aqui", "pase|pasen", "siguiente", "cuantos quiere", "son _ pesos|dolares|soles",
                     "tiene|trae|traes|tienes su|sus|tu|tus", "su|sus boleta|boletas|comprobante|ticket|poliza|"
                     "reserva|reservacion|cita|carnet|licencia|orden|pedido|contrato|guia|codigo",
                     "se lo|la|los|las cambio|reviso|arreglo|busco|traigo|preparo|envuelvo|cobro|reverso|devuelvo",
                     "le|les|te saco|busco|reviso|cambio|traigo|preparo|reverso|devuelvo")
CUSTOMER_TALK = cues(2, "=quiero", "quisiera", "=necesito", "busco", "vengo a|por", "vine", "ando buscando", "mi cuenta|plan|"
                     "factura|tarjeta|celular|telefono|hija|hijo|esposa|mama|carro|coche|auto|reserva|reservacion|cita",
                     "cuanto cuesta|es|rinde", "tiene|tienen", "me interesa", "me lo|la llevo", "tome", "aqui esta",
                     "aqui tiene", "gracias", "ya fui", "ya llame", "llevo", "me cobraron", "yo no", "ojala",
                     "me dijeron|dijo|atendieron|atendio|vendieron|vendio", "lo|la|los|las compre|compramos")

TOPICS = {
    "Cuentas y cierre de cuentas": {"cuenta", "cuentas", "ahorro", "ahorros", "cheques", "deposito", "depositar"},
    "Tarjetas y préstamos": {"tarjeta", "credito", "debito", "prestamo", "prestamos"},
    "Facturación y cobros": {"factura", "cobro", "cobraron", "cobran", "cobrando", "cargo", "comision", "precio"},
    "Planes, promociones y ofertas": {"plan", "promocion", "descuento", "oferta", "paquete", "especial"},
    "Conectividad y soporte técnico": {"internet", "señal", "router", "modem", "fibra", "megas", "conexion"},
    "Equipos y electrónica": {"celular", "telefono", "televisor", "tele", "pantalla", "notebook", "computadora",
                              "impresora", "microondas", "audifonos"},
    "Medicamentos y farmacia": {"jarabe", "pastillas", "receta", "ibuprofeno", "amoxicilina", "vitaminas",
                                "acetaminofen", "medicamento"},
    "Citas y atención médica": {"cita", "doctor", "medico", "dermatologo", "cardiologo", "paciente", "consulta",
                                "analisis"},
    "Seguros y coberturas": {"seguro", "poliza", "cobertura", "siniestro", "aseguradora", "prima"},
    "Vuelos y equipaje": {"vuelo", "maleta", "equipaje", "pasaporte", "abordar", "asiento", "aerolinea"},
    "Hospedaje y reservas": {"habitacion", "reserva", "reservacion", "estadia", "estancia", "hotel", "check"},
    "Restaurante y alimentos": {"mesa", "menu", "plato", "especial", "postre", "sopa", "comida", "pedido", "tacos"},
    "Vehículos y taller": {"carro", "camioneta", "auto", "coche", "jeepeta", "aceite", "frenos", "kilometros"},
    "Compras y productos": {"precio", "pasillo", "estante", "producto", "compra", "leche", "pollo", "carne"},
    "Ferretería y hogar": {"tornillos", "pintura", "taladro", "tubo", "broca", "galon", "llave"},
    "Óptica y salud visual": {"lentes", "gafas", "armazones", "vista", "antirreflejo"},
    "Gimnasio y membresías": {"membresia", "mensualidad", "maquinas", "inscripcion", "rutina", "entrenador"},
    "Tiempos de espera": {"esperando", "espera", "fila", "cola", "demora", "atraso", "atrasado"},
    "Cancelación y retención": {"cancelar", "baja", "cerrar", "competencia"},
}


def _flat(groups: tuple) -> tuple:
    """An intent written as groups of cues of one weight, as one tuple of cues."""
    return tuple(cue for group in groups for cue in group)


GREETING, OFFER, CLOSURE, VALUE_ADDED, NEWS = _flat(GREETING), _flat(OFFER), _flat(CLOSURE), _flat(VALUE_ADDED), _flat(NEWS)
COMPLAINT, CHURN, SATISFACTION = _flat(COMPLAINT), _flat(CHURN), _flat(SATISFACTION)
