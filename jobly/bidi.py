"""User text inside Jobly's own sentences (flash messages, notes): wrapped in Unicode isolates
(U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE), so a right-to-left override it
carries (U+202E) stays inside it instead of reversing the rest of the sentence. The text is kept as
typed; templates isolate whole values with <bdi> instead."""

FSI, PDI = "\u2068", "\u2069"


def isolate(text):
    return f"{FSI}{text}{PDI}"
