"""Interview preparation: the question bank (data), the pure planner and its exports."""
