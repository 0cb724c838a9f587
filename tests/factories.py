"""factory-boy factories for every model; tests build rows with these, never with raw `.objects.create`."""

import functools
import hashlib

import factory
from django.utils import timezone
from django.contrib.auth import get_user_model

from jobly import resume_files, storage
from jobly.models import ApiToken, AuditEntry, BackgroundJob, Event, Profile, ResumeUpload
from jobly.notifications.signing import new_secret
from matching.models import Feed, FeedUpload, Job, Match
from interviews.models import InterviewPrep, PracticeAnswer
from packets.models import Artifact, Packet, PacketVersion
from tracking.models import Activity, Application, CalendarToken, Interview, Snapshot

PASSWORD = "correct-horse-battery-staple"


@functools.cache
def password_hash():
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    # The hash of PASSWORD, made once per process with the product's own hasher (PBKDF2, 1,000,000
    # iterations: about 0.6 s on the 2-core CI machine) and given to every test user. Signing in with
    # PASSWORD still runs the real check; only the identical work of hashing it again per user is saved
    # (set_password per user cost about a third of the suite's CPU time).
    password = factory.LazyFunction(password_hash)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Profile {n}")
    full_name = "Ada Example"
    headline = "Backend engineer"


class BackgroundJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BackgroundJob

    owner = factory.SubFactory(UserFactory)
    type = "diagnostic.warmup"
    params = factory.Sequence(lambda n: {"steps": 1, "n": n})
    params_hash = factory.Sequence(lambda n: f"{n:064d}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    owner = factory.SubFactory(UserFactory)
    type = "job.progress"
    data = factory.LazyFunction(dict)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row (its key is not known: use jobly.tokens.create_token to get one that authenticates)."""

    class Meta:
        model = ApiToken

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"token {n}")
    prefix = factory.Sequence(lambda n: f"jbl_{n:08d}")
    key_hash = factory.Sequence(lambda n: hashlib.sha256(f"key {n}".encode()).hexdigest())


class ResumeUploadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResumeUpload

    profile = factory.SubFactory(ProfileFactory)
    owner = factory.LazyAttribute(lambda upload: upload.profile.owner)
    class Params:
        data = b"Ada Example\nBackend engineer"  # the file's bytes, stored like a real upload's

    filename = "resume.txt"
    kind = "text"
    file = factory.LazyAttribute(lambda upload: resume_files.store(owner=upload.owner, filename=upload.filename, data=upload.data))
    size = factory.LazyAttribute(lambda upload: len(upload.data))
    sha256 = factory.LazyAttribute(lambda upload: hashlib.sha256(upload.data).hexdigest())


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    owner = factory.SubFactory(UserFactory)
    url = factory.Sequence(lambda n: f"https://example.com/feeds/{n}.rss")


class JobFactory(factory.django.DjangoModelFactory):
    """A posting (shared unless `submitted_by` is set); the content hash is unique per row. Other
    fields keep the model's defaults: tests say what they rely on."""

    class Meta:
        model = Job

    title = "Backend Engineer"
    content_hash = factory.Sequence(lambda n: hashlib.sha256(f"posting {n}".encode()).hexdigest())


class FeedUploadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedUpload

    owner = factory.SubFactory(UserFactory)
    filename = "feed.xml"
    content = b"<rss/>"
    size = 6
    sha256 = factory.LazyAttribute(lambda upload: hashlib.sha256(upload.content).hexdigest())


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    profile = factory.SubFactory(ProfileFactory)
    job = factory.SubFactory(JobFactory)
    score = 75.0
    summary = "Good fit"


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(UserFactory)
    action = "account.signed_in"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application row as it stands (status and dates as given): to move one through the pipeline,
    call tracking.services.pipeline.change_status, which is what tests of transitions do."""

    class Meta:
        model = Application

    owner = factory.SubFactory(UserFactory)
    job = factory.SubFactory(JobFactory, company="Acme")
    title = factory.LazyAttribute(lambda application: application.job.title if application.job else "Backend Engineer")
    company = factory.LazyAttribute(lambda application: application.job.company if application.job else "Acme")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    application = factory.SubFactory(ApplicationFactory)
    owner = factory.LazyAttribute(lambda activity: activity.application.owner)
    kind = Activity.Kind.NOTE
    text = "A note"


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    owner = factory.LazyAttribute(lambda interview: interview.application.owner)
    scheduled_at = factory.LazyFunction(timezone.now)


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snapshot

    application = factory.SubFactory(ApplicationFactory, status="applied")
    owner = factory.LazyAttribute(lambda snapshot: snapshot.application.owner)
    posting_title = factory.LazyAttribute(lambda snapshot: snapshot.application.title)


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    """A token row (its key is not known: use tracking.services.calendar.rotate_calendar_token for one that works)."""

    class Meta:
        model = CalendarToken

    owner = factory.SubFactory(UserFactory)
    prefix = factory.Sequence(lambda n: f"cal_{n:06d}")
    key_hash = factory.Sequence(lambda n: hashlib.sha256(f"calendar {n}".encode()).hexdigest())


class InterviewPrepFactory(factory.django.DjangoModelFactory):
    """A prep row without content (status queued); generate one with interviews.services.generate for content."""

    class Meta:
        model = InterviewPrep

    profile = factory.SubFactory(ProfileFactory)
    owner = factory.LazyAttribute(lambda prep: prep.profile.owner)
    job = factory.SubFactory(JobFactory)
    title = factory.LazyAttribute(lambda prep: prep.job.title if prep.job else "Backend Engineer")


class PracticeAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeAnswer

    prep = factory.SubFactory(InterviewPrepFactory)
    owner = factory.LazyAttribute(lambda answer: answer.prep.owner)
    question_id = "python-mutable-default-argument"


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    """An endpoint with a real secret (`endpoint.secret`) so deliveries verify."""

    class Meta:
        model = "jobly.WebhookEndpoint"

    owner = factory.SubFactory(UserFactory)
    url = factory.Sequence(lambda n: f"https://hooks.example.com/{n}")
    event_types = factory.LazyFunction(lambda: ["match.new", "application.status_change"])
    secret = factory.LazyFunction(new_secret)


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "jobly.WebhookDelivery"

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    message_id = factory.Sequence(lambda n: f"msg_factory_{n}")
    event_type = "match.new"
    body = '{"id":1,"type":"match.new","created_at":"2026-01-01T00:00:00+00:00","data":{}}'
    next_attempt_at = factory.LazyFunction(timezone.now)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "jobly.NotificationPreference"
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)


class EmailSendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "jobly.EmailSend"

    user = factory.SubFactory(UserFactory)
    kind = "reminder"
    key = factory.Sequence(lambda n: f"key-{n}")
    to = factory.LazyAttribute(lambda row: row.user.email)
    subject = "A subject"
    body_text = "Body"


class DeliveryAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "jobly.DeliveryAttempt"

    delivery = factory.SubFactory(WebhookDeliveryFactory)
    number = factory.Sequence(lambda n: n + 1)


class PacketFactory(factory.django.DjangoModelFactory):
    """A packet row without versions (tests that need files generate them with packets.services.generate)."""

    class Meta:
        model = Packet

    owner = factory.SubFactory(UserFactory)
    profile = factory.SubFactory(ProfileFactory, owner=factory.SelfAttribute("..owner"))
    job = factory.SubFactory(JobFactory)
    design = "classic"
    status = Packet.Status.READY


class PacketVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PacketVersion

    packet = factory.SubFactory(PacketFactory)
    number = factory.Sequence(lambda n: n + 1)
    cv = factory.LazyFunction(lambda: {"name": {"text": "Ada Example", "source": "/full_name"}})
    letter = factory.LazyFunction(lambda: {"name": {"text": "Ada Example", "source": "/full_name"}, "paragraphs": []})


class ArtifactFactory(factory.django.DjangoModelFactory):
    """An artifact row whose file is really stored (through jobly.storage), so downloads verify it."""

    class Meta:
        model = Artifact

    class Params:
        content = b"%PDF-1.7 test"

    version = factory.SubFactory(PacketVersionFactory)
    document = Artifact.Document.CV
    format = Artifact.Format.PDF
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda a: storage.save_bytes(prefix="packets/test", filename=f"{a.document}.{a.format}",
                                                              data=a.content)[0])
    sha256 = factory.LazyAttribute(lambda a: hashlib.sha256(a.content).hexdigest())
    size = factory.LazyAttribute(lambda a: len(a.content))
