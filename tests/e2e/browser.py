"""What every browser test shares: how long one step may wait.

Under a full suite on 2 cores a visible element has taken longer than 20 s to be reported, so one
step (a click, a wait for text) may wait up to STEP_TIMEOUT_MS before it fails.
"""

STEP_TIMEOUT_MS = 40_000
