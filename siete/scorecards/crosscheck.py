"""The shopper's questionnaire against the recording: a yes/no question tied to a check or criterion whose answer
the analysis' verdict contradicts is flagged, with the recording's evidence."""


def verdict_of(view, target):
    """The recording's verdict on `target` ('check:saludo', 'criterion:<key>') and its evidence; (None, None) when
    the analysis has none (a criterion that does not apply to the campaign, or no verdict)."""
    kind, _, name = target.partition(":")
    if kind == "check":
        quotes = ((view.get("evidencias") or {}).get("calidad_basica") or {}).get(name) or []
        return (view.get("calidad_basica") or {}).get(name), (quotes[0] if quotes else None)
    verdict = (view.get("criterios") or {}).get(name)
    return (verdict["cumple"], verdict["evidencia"]) if verdict else (None, None)


def contradictions(questions, answers, view):
    """operative_view["contradicciones"]: each yes/no answer the recording's verdict contradicts."""
    found = []
    for question in questions:
        target, answer = question.get("verifies"), answers.get(question["id"])
        if not target or not isinstance(answer, bool):
            continue
        verdict, evidence = verdict_of(view, target)
        if verdict is not None and verdict != answer:
            found.append({"pregunta": question["text"], "respuesta": answer, "objetivo": target,
                          "veredicto": verdict, "evidencia": evidence})
    return found
