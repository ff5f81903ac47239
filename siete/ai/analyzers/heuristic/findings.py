"""Finds, turn by turn, the intents behind each judgement: checks in the employee's turns, the rest in the customer's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from siete.ai.analyzers.heuristic import lexicon as lx
from siete.ai.analyzers.heuristic.matching import (
    BOUNDARY,
    NEGATION_WINDOW,
    NEGATORS,
    PRONOUNS,
    VERB_NEGATORS,
    Phrase,
    ends,
    fold,
    matches,
    occurrences,
    score,
    within_edits,
    word_matches,
)
from siete.ai.analyzers.heuristic.dictionary import unknown_word
from siete.ai.diarization import assign_roles
from siete.ai.text import words
from siete.ai.transcript import CUSTOMER, EMPLOYEE, UNKNOWN, Transcript

_SENTENCE = re.compile(r"[^.!?¿¡]+[.!?]*")
GREETING_SHARE = 0.4  # a greeting counts in the first 40 % of the talk (or the employee's first two turns)
CLOSING_SHARE = 0.4  # a closing counts after the first 40 % (or in the employee's last two turns)
MIN_WORDS, MIN_TURNS = 4, 2  # less than this is not enough conversation to judge
NOT_NAMES = set(words(
    "el la los las lo un una unos unas de del al y o que en con por para su sus mi mis tu tus yo usted ustedes "
    "aqui aca alli bien muy mas nuevo nueva nuevos cliente clienta señor señora señorita don doña buenos buenas "
    "hola gracias claro listo perfecto si no bueno buena pues este esta eso ese esa esto como cuando donde quien "
    "todo toda nada algo alguien asesor asesora gerente ejecutivo ejecutiva encargado encargada el de aquí "
    "feliz contento contenta casado casada socio socia parte responsable dueño dueña mismo misma tambien "
    "cuanto cuanta cuantos que como donde cual cuales quien quienes porque ya tiene tienen esta estan hay"))
# Words between an introduction and the name: 'le atiende la licenciada Morales', 'soy el doctor Peña'; after
# 'mi nombre es' any short word too ('mi nombre es a Israeli', as ASR heard 'es Arisleidy').
BEFORE_NAMES = frozenset(words("el la su tu yo con licenciado licenciada lic doctor doctora dr dra ingeniero ingeniera "
                               "ing profesor profesora arquitecto arquitecta don doña"))
INTRODUCTIONS = tuple(Phrase.of(text) for text in lx.INTRODUCTION)
STRICT_INTRODUCTIONS = frozenset(text for text in lx.INTRODUCTION
                                 if "nombre" in text or "llamo" in text or text.startswith("a mi me"))
# 'le atiende catalina': right after these a lower-case word is a name too (ASR often writes names lower-case),
# unless it says how or when ('le atiende enseguida'); articles are not skipped ('le atiende el cajero').
LOWER_CASE_NAMES_AFTER = frozenset(text for text in lx.INTRODUCTION
                                   if "tiende" in text or "saluda" in text or text.endswith("soy el|la"))
ASK_FOR_ME = tuple(Phrase.of(text) for text in lx.ASK_FOR_ME)
ROLE_THEN_NAME = Phrase.of(lx.ROLE_THEN_NAME)
ROLE_WORDS = Phrase.of(lx.ROLES).tokens[0]  # 'soy la supervisora' is a role, not a name written in lower case
NAME_REACH = 4  # words after 'pregunte por mí' or a role ('soy la coordinadora de servicio, Marta') a name may sit
NOT_NAMES_AFTER_SERVING = set(words("enseguida ahorita ahora pronto luego rapido alguien otro otra otros "
                                    "inmediatamente despues mañana hoy personalmente directamente mejor primero"))
AFTER_NAME = tuple(Phrase.of(text) for text in lx.AFTER_NAME)
CHURN_EXCEPT = (Phrase.of("cancelar|pagar la|mi|una|el|este factura|deuda|cuota|saldo|monto|recibo|mensualidad"),
                Phrase.of("cambio|cambie|paso|pase a|al|de otro|otra|un plan|paquete|equipo"),  # a plan of theirs
                Phrase.of("sea|es|son|de otra|otro marca|modelo|tipo|color|talla|medida|tamaño"))  # another product
# The employee's opening word heard with its first sound lost or slurred ('Ueyas', 'Uéras' for 'Buenas'): where a
# greeting is expected one edit more is allowed, but not for 'bueno', which opens any answer.
OPENING_GREETINGS = tuple(fold(word) for word in ("buenas", "uenas"))
NOT_OPENING_GREETINGS = frozenset({"bueno", "ueno", "pues", "buen"})
# '¿qué lo que?' after a greeting ASR garbled ('¡Salvo, que lo que!'), not after these: 'es que lo que pasa…'
QUE_LO_QUE = ["que", "lo", "que"]
NOT_BEFORE_QUE_LO_QUE = frozenset(words("es pero y o porque pues ya no si asi eso mire mira oiga fijese"))
# Words that may come before a closing formula in its clause ('listo, y que tenga…', 'muchas gracias a usted').
CLOSING_LEAD = frozenset(words("y bueno listo perfecto ok vale entiendo claro muchas gracias bienvenido bienvenida "
                               "bienvenidos señor señora señorita don doña pues entonces"))
# An offer is undone by a negator further back in its clause: 'yo no le puedo hacer descuento'.
OFFER_NEGATION_REACH = 6
IMPERATIVES = lx.ADVICE[0].phrase  # advice in the imperative: two different verbs hold as two cues
DETERMINERS = frozenset(words("el la los las un una unos unas su sus del al este esta ese esa otro otra mi tu"))
CHECK_INTENTS = {"saludo": lx.GREETING, "oferta": lx.OFFER, "cierre": lx.CLOSURE, "valor_agregado": lx.VALUE_ADDED}
CUSTOMER_INTENTS = {"complaint": lx.COMPLAINT, "satisfaction": lx.SATISFACTION}
SIDE_CATEGORIES = {"wait": (lx.WAIT, CUSTOMER), "repeat_visit": (lx.REPEAT_VISIT, CUSTOMER),
                   "call": (lx.CALL, CUSTOMER), "transfer": (lx.TRANSFER, None), "paperwork": (lx.PAPERWORK, None),
                   "refusal": (lx.REFUSAL, EMPLOYEE), "need": (lx.NEED, CUSTOMER), "interest": (lx.INTEREST, CUSTOMER)}


@dataclass(frozen=True)
class Turn:
    """One transcript segment as said: its text, sentences, timing, speaker and role."""

    index: int
    text: str
    tokens: list[str]
    caps: frozenset[int]
    start: float
    end: float
    speaker: str
    role: str
    position: float  # 0..1 through the conversation

    def sentences(self) -> list[str]:
        return [s.strip().rstrip(",;:") for s in _SENTENCE.findall(self.text) if words(s)] or [self.text.strip()]


@dataclass(frozen=True)
class Hit:
    """A turn that carries an intent, and the sentence of it to quote."""

    turn: Turn
    quote: str

    @property
    def start(self) -> float:
        return self.turn.start


@dataclass
class Findings:
    """Turns supporting each quality check and each category, plus topics and whether there was enough talk."""

    turns: list[Turn] = field(default_factory=list)
    checks: dict[str, list[Hit]] = field(default_factory=dict)
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    evaluable: bool = True

    def count(self, category: str) -> int:
        return len(self.hits.get(category, []))

    def passed(self, check: str) -> bool:
        return bool(self.checks.get(check))


def raw_tokens(text: str) -> tuple[list[str], frozenset[int]]:
    """Normalised tokens of text and the indexes of those written with a capital (names)."""
    tokens, caps = [], set()
    for piece in text.split():
        for token in words(piece):
            if piece.lstrip("¿¡\"'(«").strip()[:1].isupper():
                caps.add(len(tokens))
            tokens.append(token)
        # a comma closes a negated clause: 'ya no, me voy', 'no vuelvo más, me cambio a la de enfrente'
        ends_clause = piece.endswith(",") and any(token in NEGATORS for token in tokens[-NEGATION_WINDOW:])
        if (ends_clause or piece.rstrip("\"')»").endswith((".", "!", "?", ";"))) and tokens and tokens[-1] != BOUNDARY:
            tokens.append(BOUNDARY)  # no cue and no negation reaches across a sentence end
    return tokens, frozenset(caps)


def _is_name(tokens: list[str], caps: frozenset[int], index: int, strict: bool) -> bool:
    """A name at index: not a common word, and written with a capital unless the cue before it is unambiguous."""
    if index >= len(tokens) or tokens[index] in NOT_NAMES or len(tokens[index]) < 3 or tokens[index].isdigit():
        return False
    return index in caps or strict


def _lower_case_name(tokens: list[str], caps: frozenset[int], index: int) -> bool:
    """A name at index even in lower case, past a title ('le atiende la licenciada morales'); not a role or a
    word of time ('soy la supervisora', 'le atiende enseguida')."""
    while index < len(tokens) - 1 and tokens[index] in BEFORE_NAMES:
        index += 1
    return (index < len(tokens) and tokens[index] not in NOT_NAMES_AFTER_SERVING
            and not word_matches(tokens[index], ROLE_WORDS) and _is_name(tokens, caps, index, True))


def _misheard_name(tokens: list[str], index: int) -> bool:
    """A lower-case word right after an introduction that is no Spanish word nor a role: a name as ASR spelt it
    ('soy matilitoral', 'le atiende yocasta')."""
    return (index < len(tokens) and unknown_word(tokens[index]) and tokens[index] not in NOT_NAMES_AFTER_SERVING
            and not word_matches(tokens[index], ROLE_WORDS))


def introduces_self(tokens: list[str], caps: frozenset[int]) -> bool:
    """'Mi nombre es Ana', 'le atiende Kevin', 'soy la asesora', 'Ramón, para servirle'."""
    for phrase in INTRODUCTIONS:
        strict = phrase.text in STRICT_INTRODUCTIONS
        for start in _adjacent_occurrences(phrase, tokens):
            after = start + len(phrase.tokens)
            if any(_is_name(tokens, caps, after + skip, strict or _misheard_name(tokens, after + skip)) for skip in range(3)
                   if all(tokens[after + k] in BEFORE_NAMES or (strict and len(tokens[after + k]) <= 2)
                          for k in range(skip) if after + k < len(tokens))):
                return True
            if phrase.text in LOWER_CASE_NAMES_AFTER and _lower_case_name(tokens, caps, after):
                return True
    if score(lx.SELF_ROLE, tokens)[0] >= lx.THRESHOLD:
        return True
    if any(_is_name(tokens, caps, end + k, False) for end in ends(ROLE_THEN_NAME, tokens) for k in range(NAME_REACH)):
        return True
    for phrase in ASK_FOR_ME:
        for start in occurrences(phrase, tokens):
            after = start + len(phrase.tokens)
            if any(_is_name(tokens, caps, after + k, False) for k in range(NAME_REACH)):
                return True
    for phrase in AFTER_NAME:  # after 'soy' the name may be in lower case: 'soy chépe, para servirle'
        for start in occurrences(phrase, tokens):
            start -= start > 1 and tokens[start - 1] == "y"  # 'pregunte por Yusmary y esa soy yo'
            if start > 0 and _is_name(tokens, caps, start - 1, (start > 1 and tokens[start - 2] == "soy")
                                      or _misheard_name(tokens, start - 1)):
                return True
    return False


_WELCOME_CHUNK = re.compile(r"\b(?:bienvenid|vienvenid)\w*\s+(?:a|al)\b[^,.;!?¿¡]*", re.IGNORECASE)


def content_text(text: str, names: tuple[str, ...] = ()) -> str:
    """Text without the business's own name ('bienvenido a Drogas La Rebaja' is no discount), so its words
    cannot pass for an offer or a complaint; the welcome itself stays (the customer's turns keep names:
    'me voy a <competitor>' matters)."""
    text = _WELCOME_CHUNK.sub(lambda m: m.group(0).split()[0], text)
    for name in names:
        if name.strip():
            text = re.sub(re.escape(name.strip()), " ", text, flags=re.IGNORECASE)
    return text


def _adjacent_occurrences(phrase: Phrase, tokens: list[str]) -> list[int]:
    """Where phrase's words occur one right after another (fuzzy per word unless marked =, no gap)."""
    size = len(phrase.tokens)
    return [i for i in range(len(tokens) - size + 1)
            if all(word_matches(tokens[i + k], phrase.tokens[k]) for k in range(size))]


def turns_of(transcript: Transcript, names: tuple[str, ...] = ()) -> list[Turn]:
    """The transcript's segments as turns, with roles assigned when the transcriber gave none."""
    segments = transcript.segments if transcript.has_roles else assign_roles(transcript.segments)
    end = max((s.end for s in segments), default=transcript.duration) or 1.0
    result = []
    for index, segment in enumerate(segments):
        tokens, caps = raw_tokens(content_text(segment.text, names if segment.role != CUSTOMER else ()))
        if tokens:
            result.append(Turn(len(result), segment.text.strip(), tokens, caps, segment.start, segment.end,
                               segment.speaker, segment.role, segment.start / end))
    return result


def _best_sentence(turn: Turn, intent: tuple) -> str:
    """The sentence of the turn that carries most of the intent (the whole turn when none alone does)."""
    ranked = [(score(intent, words(s))[0], -i, s) for i, s in enumerate(turn.sentences())]
    best = max(ranked)
    return best[2] if best[0] > 0 else turn.text


def _holds(intent: tuple, tokens: list[str]) -> bool:
    return score(intent, tokens)[0] >= lx.THRESHOLD


def detect(transcript: Transcript, names: tuple[str, ...] = ()) -> Findings:
    """Run every intent over the turns of the side it belongs to (names: the company's, kept out of the cues)."""
    turns = turns_of(transcript, names)
    findings = Findings(turns=turns, checks={check: [] for check in (*CHECK_INTENTS, "identificacion")},
                        hits={name: [] for name in (*CUSTOMER_INTENTS, "churn", *SIDE_CATEGORIES)})
    findings.evaluable = sum(len(t.tokens) for t in turns) >= MIN_WORDS and len(turns) >= MIN_TURNS
    employee_turns = [t for t in turns if t.role != CUSTOMER]
    first_two = {t.index for t in employee_turns[:2]}
    last_two = {t.index for t in employee_turns[-2:]}
    topic_counts: dict[str, int] = {}
    requests = _requests(turns)
    for turn in turns:
        if turn.role != CUSTOMER:
            _employee_checks(findings, turn, first_two, last_two, requests.get(turn.index - 1, NO_REQUEST))
            _split_proposals(findings, turns, turn, requests)
            if employee_turns and turn is employee_turns[0]:
                _slurred_greeting(findings, turn)
            if len(employee_turns) > 1 and turn is employee_turns[-1]:
                _final_closure(findings, turn)
        if turn.role != EMPLOYEE:
            _customer_intents(findings, turn, _complained_before(findings, turn))
        for name, (intent, side) in SIDE_CATEGORIES.items():
            if (side is None or turn.role in (side, UNKNOWN)) and score(intent, turn.tokens)[0] >= lx.THRESHOLD:
                findings.hits[name].append(Hit(turn, _best_sentence(turn, intent)))
        for topic, vocabulary in lx.TOPICS.items():
            topic_counts[topic] = topic_counts.get(topic, 0) + sum(token in vocabulary for token in turn.tokens)
    findings.topics = [topic for topic in sorted(topic_counts, key=lambda t: -topic_counts[t])
                       if topic_counts[topic] >= 1][:4]
    if not findings.evaluable:
        findings.checks = {check: [] for check in findings.checks}
    return findings


class Request(NamedTuple):
    """What a customer turn asks for: the employee's answer right after it fulfils it, it adds nothing unasked."""

    advice: bool  # '¿qué hago para que no se dañe?'
    price: bool  # '¿cuánto me sale todo?'


NO_REQUEST = Request(False, False)


def _employee_checks(findings: Findings, turn: Turn, first_two: set[int], last_two: set[int],
                     asked: Request = NO_REQUEST) -> None:
    for check, intent in CHECK_INTENTS.items():
        if check == "valor_agregado" and asked.advice:  # advice the customer just asked for adds nothing unasked
            continue
        if check == "saludo" and not (turn.position <= GREETING_SHARE or turn.index in first_two):
            continue
        if check == "cierre" and not (turn.position >= CLOSING_SHARE or turn.index in last_two):
            continue
        tokens = _without_price_answer(turn.tokens) if check == "oferta" and asked.price else turn.tokens
        if check_weight(check, tokens) >= lx.THRESHOLD:
            findings.checks[check].append(Hit(turn, _best_sentence(turn, intent)))
    introduction = next((s for s in turn.sentences() if introduces_self(*raw_tokens(s))), None)
    if introduction:  # sentence by sentence: '¿Cuánto…?' after 'ya lo atiendo.' is no name
        findings.checks["identificacion"].append(Hit(turn, introduction))


def _requests(turns: list[Turn]) -> dict[int, Request]:
    """Each customer turn's request, by turn index (looked at once, whoever answers it)."""
    return {t.index: Request(_holds(lx.ASKS_ADVICE, t.tokens), _holds(lx.ASKS_PRICE, t.tokens))
            for t in turns if t.role == CUSTOMER}


def _without_price_answer(tokens: list[str]) -> list[str]:
    """The turn without the sentences that only tell the price the customer asked for ('con el anillado le queda
    en 42.500'), keeping those that propose more ('llevando el frasco grande le sale a cuatro')."""
    def only_price(sentence: list[str]) -> bool:
        price = score(lx.PRICE_TOLD, sentence, reach=OFFER_NEGATION_REACH)[0]
        return bool(price) and check_weight("oferta", sentence) <= price

    return [t for sentence in _sentence_tokens(tokens) if not only_price(sentence) for t in (*sentence, BOUNDARY)]


def check_weight(check: str, tokens: list[str]) -> float:
    """How much the words say for a check: an offer is undone further back than other cues, advice in the
    imperative counts even after 'no', and news told is advice only where it tells no offer."""
    if check == "oferta":
        return score(lx.OFFER, tokens, reach=OFFER_NEGATION_REACH)[0]
    if check == "valor_agregado":
        advice, found = score(lx.ADVICE, tokens, negation=False)
        weight = score(lx.VALUE_ADDED, tokens)[0] + advice
        if IMPERATIVES.text in found:  # only where it is one; a second, different verb counts too
            verbs = {tokens[i] for i in occurrences(IMPERATIVES, tokens) if _imperative_at(tokens, i)}
            weight += 1 if len(verbs) >= 2 else 0 if verbs else -1
        if score(lx.NEWS, tokens)[0]:
            told = [t for s in _sentence_tokens(tokens) if check_weight("oferta", s) < lx.THRESHOLD for t in (*s, BOUNDARY)]
            weight += score(lx.NEWS, told)[0]
        return weight
    return score(CHECK_INTENTS[check], tokens)[0]


def _imperative_at(tokens: list[str], index: int) -> bool:
    """Is the imperative-looking word at index one ('revise la goma y desconecte…')? Not after an article ('el
    reporte' is a noun), nor after 'que' ('antes de que tome la decisión' is a subjunctive), nor after a pronoun
    unless negated ('le saqué', accent lost, is no 'sáquele')."""
    before = tokens[index - 1] if index else ""
    if before in DETERMINERS or before == "que":
        return False
    return before not in PRONOUNS or (index >= 2 and tokens[index - 2] in VERB_NEGATORS)


def _sentence_tokens(tokens: list[str]) -> list[list[str]]:
    """Tokens cut at sentence ends."""
    sentences, current = [], []
    for token in tokens:
        if token == BOUNDARY:
            sentences.append(current)
            current = []
        else:
            current.append(token)
    return [s for s in (*sentences, current) if s]


def _split_proposals(findings: Findings, turns: list[Turn], turn: Turn, requests: dict[int, Request]) -> None:
    """An offer or advice that ASR cut across two segments of the same speaker ('…le puedo dar la suite |
    por una diferencia de veinte dólares, y le incluyo el desayuno') holds when the two together carry it."""
    previous = turns[turn.index - 1] if turn.index > 0 else None
    if not previous or previous.speaker != turn.speaker or previous.role != turn.role or not turn.speaker:
        return
    for check in ("oferta", "valor_agregado"):
        if check == "valor_agregado" and requests.get(previous.index - 1, NO_REQUEST).advice:
            continue
        if any(hit.turn in (previous, turn) for hit in findings.checks[check]):
            continue
        if check_weight(check, previous.tokens + turn.tokens) >= lx.THRESHOLD:
            intent = CHECK_INTENTS[check]
            best = max((previous, turn), key=lambda t: score(intent, t.tokens)[0])
            findings.checks[check].append(Hit(best, _best_sentence(best, intent)))


def _slurred_greeting(findings: Findings, turn: Turn) -> None:
    """The employee's first turn opening with a word that sounds like 'buenas', or with the Dominican '¿qué lo
    que?' (only there: elsewhere 'es que lo que pasa…' greets nobody), is a greeting."""
    first = turn.tokens[0]
    if findings.checks["saludo"] or turn.position > GREETING_SHARE:
        return
    que_lo_que = turn.tokens[:3] == QUE_LO_QUE or (turn.tokens[1:4] == QUE_LO_QUE
                                                   and first not in NOT_BEFORE_QUE_LO_QUE)
    sounds_like_buenas = (len(first) >= 4 and first not in NOT_OPENING_GREETINGS
                          and any(within_edits(fold(first), greeting, 1) for greeting in OPENING_GREETINGS))
    if que_lo_que or sounds_like_buenas:
        findings.checks["saludo"].append(Hit(turn, turn.sentences()[0]))


def _final_closure(findings: Findings, turn: Turn) -> None:
    """A closing formula opening a clause of the employee's last turn closes, whatever ASR made of its end."""
    if turn.position < CLOSING_SHARE or any(hit.turn is turn for hit in findings.checks["cierre"]):
        return
    for sentence in turn.sentences():
        for clause in sentence.split(","):
            tokens = words(clause)
            if any(_opens(tokens, start) for cue in lx.FINAL_CLOSURE for start in occurrences(cue.phrase, tokens)):
                findings.checks["cierre"].append(Hit(turn, sentence))
                return


def _opens(tokens: list[str], start: int) -> bool:
    """Does what starts at start open the clause ('y que tenga…', not 'necesito que tenga…')?"""
    return all(token in CLOSING_LEAD for token in tokens[:start])


def _complained_before(findings: Findings, turn: Turn) -> bool:
    """Has the customer complained before this turn? A competitor named after a complaint is a threat ('ya le
    dije a mi hijo que se pase a la otra agencia'), and ASR cuts one turn into several segments."""
    return any(hit.turn.role == turn.role for hit in findings.hits["complaint"])


def _customer_intents(findings: Findings, turn: Turn, after_complaint: bool = False) -> None:
    complaint = _holds(lx.COMPLAINT, turn.tokens)
    leaving = score(lx.CHURN, turn.tokens)[0]
    # a competitor or 'de al frente' beside a complaint in the same turn (or in the segment of it just before) is
    # a threat even when ASR lost its verb ('siempre es un problema con ustedes, me voy otra clírica')
    churn = (leaving >= 3 or (leaving >= 2 and (complaint or after_complaint))) and not (
        any(matches(p, turn.tokens) for p in CHURN_EXCEPT) and leaving < 6)
    if churn:
        findings.hits["churn"].append(Hit(turn, _best_sentence(turn, lx.CHURN)))
    if complaint:
        findings.hits["complaint"].append(Hit(turn, _best_sentence(turn, lx.COMPLAINT)))
    if not complaint and not churn and _holds(lx.SATISFACTION, turn.tokens):
        findings.hits["satisfaction"].append(Hit(turn, _best_sentence(turn, lx.SATISFACTION)))

