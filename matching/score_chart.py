"""The score breakdown as data for a small server-rendered SVG bar chart (one bar per component)."""

BAR_WIDTH = 240  # px of a full (1.0) bar
ROW_HEIGHT = 26


def score_chart(components):
    """Rows of {label, value, percent, weight, contribution, known, width, y} in display order, and the height."""
    rows = []
    for position, (name, part) in enumerate((components or {}).items()):
        value = part.get("value")
        known = value is not None
        rows.append({
            "name": name,
            "label": part.get("label", name),
            "value": value,
            "percent": round(100 * value) if known else None,
            "weight": part.get("weight", 0),
            "contribution": part.get("contribution", 0),
            "known": known,
            "width": round(BAR_WIDTH * max(0.0, min(1.0, value))) if known else 0,
            "y": position * ROW_HEIGHT,
        })
    return {"rows": rows, "height": max(1, len(rows)) * ROW_HEIGHT, "bar_width": BAR_WIDTH, "row_height": ROW_HEIGHT}
