import factory
from django.contrib.auth import get_user_model

from jobly.models import BackgroundJob, Event, Profile

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


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
