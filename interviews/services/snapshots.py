"""The planner's snapshots built from the database rows: a jobly Profile and a matching Job."""

from interviews.planning import posting_snapshot, profile_snapshot


def snapshot_of_profile(profile):
    return profile_snapshot(skills=profile.skills or (), experience=profile.experience or (),
                            languages=profile.languages or (), headline=profile.headline, seniority=profile.seniority)


def snapshot_of_job(job):
    """Matching's split of required and nice-to-have skills when it made one (the match page shows the
    same "missing" skills); otherwise the planner reads the description's sections itself."""
    explicit = bool(job.required_skills or job.preferred_skills)
    return posting_snapshot(
        title=job.title, company=job.company, description_text=job.description_text, skills=job.skills or (),
        location=job.location, remote_type=job.remote_type, seniority=job.seniority,
        required_skills=list(job.required_skills or ()) if explicit else None,
        nice_to_have_skills=list(job.preferred_skills or ()) if explicit else None,
    )
