"""Interview preps API: generate (a background job), list, detail with content and practice, delete;
practice answers (PATCH one question's notes, rating and time; POST for a model's feedback on them,
a background job), re-plan the study plan, and the
Markdown, PDF and iCalendar exports."""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews import selectors
from interviews.errors import PrepNotReady
from interviews.exports import prep_to_markdown, study_plan_to_ical
from interviews.models import InterviewPrep, PracticeAnswer
from interviews.services import feedback, generate, practice
from jobly.api import AcceptedJobSerializer, accepted
from jobly.api_conventions import OwnedQuerysetMixin
from jobly.storage import content_disposition

MAX_ID = 2_147_483_647
QUESTION_ID = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}"
EXPORTS = {
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
}


class GenerateRequestSerializer(serializers.Serializer):
    job = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The posting to prepare for.")
    profile = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                       help_text="One of your profiles (default: your default profile).")
    interview_date = serializers.DateField(required=False, allow_null=True, input_formats=["%Y-%m-%d"],
                                           help_text="The study plan runs until the day before; without it, a week.")
    application_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                              help_text="The tracked application this prep is for.")
    daily_minutes = serializers.IntegerField(required=False, min_value=15, max_value=480, help_text="Default 60.")


class GenerateResponseSerializer(AcceptedJobSerializer):
    prep_id = serializers.IntegerField()


class PracticeAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeAnswer
        fields = ["question_id", "notes", "rating", "seconds_spent", "feedback", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {"feedback": {"help_text": (
            "Feedback from a language-model writer, {} until asked: status (queued, ready, failed, cancelled), "
            "points (what a strong answer covers), covered and missing (indexes into points), comment, writer, "
            "notes_sha256 (of the notes it judged), checked_at, guard_notes, error.")}}


class FeedbackAcceptedSerializer(AcceptedJobSerializer):
    question_id = serializers.CharField()


class PracticeUpdateSerializer(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=practice.MAX_NOTES)
    rating = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5,
                                      help_text="1 (could not answer) to 5 (nailed it); null clears it.")
    add_seconds = serializers.IntegerField(required=False, min_value=0, max_value=practice.MAX_SECONDS,
                                           help_text="Seconds practised now, added to the total.")


class PrepSerializer(serializers.ModelSerializer):
    background_job = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = InterviewPrep
        fields = ["id", "profile", "job", "application_id", "title", "company", "status", "error", "interview_date",
                  "daily_minutes", "planner_version", "writer", "background_job", "created_at", "updated_at",
                  "generated_at"]
        read_only_fields = fields


class WeakAreaSerializer(serializers.Serializer):
    topic_key = serializers.CharField()
    title = serializers.CharField()
    mean_rating = serializers.FloatField()
    ratings = serializers.IntegerField()
    factor = serializers.FloatField()


class PracticeSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    answered = serializers.IntegerField()
    rated = serializers.IntegerField()
    mean_rating = serializers.FloatField(allow_null=True)
    seconds_spent = serializers.IntegerField()
    weak_areas = WeakAreaSerializer(many=True)


class PrepDetailSerializer(PrepSerializer):
    content = serializers.JSONField(read_only=True, help_text="Every section (Prep.to_dict(); {} until generated).")
    practice = serializers.SerializerMethodField()
    practice_summary = serializers.SerializerMethodField()

    class Meta(PrepSerializer.Meta):
        fields = [*PrepSerializer.Meta.fields, "content", "practice", "practice_summary"]
        read_only_fields = fields

    def get_practice(self, prep) -> PracticeAnswerSerializer(many=True):
        return PracticeAnswerSerializer(prep.practice_answers.all(), many=True).data

    def get_practice_summary(self, prep) -> PracticeSummarySerializer(allow_null=True):
        return practice.weak_area_summary(prep) if prep.content else None


class GenerateView(APIView):
    @extend_schema(request=GenerateRequestSerializer,
                   responses={200: GenerateResponseSerializer, 202: GenerateResponseSerializer})
    def post(self, request):
        """Prepare for an interview: 202 with the background job (200 with the running one). Preparing
        again for the same profile and posting regenerates that prep and keeps its practice answers."""
        serializer = GenerateRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        prep, job, created = generate.start_generation(
            user=request.user, job_id=data["job"], profile_id=data.get("profile"),
            interview_date=data.get("interview_date"), application_id=data.get("application_id"),
            daily_minutes=data.get("daily_minutes"))
        body = {"job_id": job.pk, "type": job.type, "status": job.status, "message": job.message, "prep_id": prep.pk}
        return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class InterviewPrepViewSet(OwnedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your interview preps, latest first; the detail carries every section and your practice."""

    owned_model = InterviewPrep
    lookup_value_regex = r"\d+"
    filter_backends = []

    def get_serializer_class(self):
        return PrepSerializer if self.action == "list" else PrepDetailSerializer

    def scope_queryset(self, queryset):
        if self.action == "list":
            return queryset.order_by("-updated_at", "-id")
        return queryset.prefetch_related("practice_answers")

    def perform_content_negotiation(self, request, force=False):
        # A download answers its own type whatever the Accept header asks (errors stay JSON).
        return super().perform_content_negotiation(request, force=force or self.action == "export")

    def perform_destroy(self, instance):
        generate.delete_prep(user=self.request.user, prep_id=instance.pk)

    @extend_schema(request=PracticeUpdateSerializer, responses={200: PracticeAnswerSerializer})
    @action(detail=True, methods=["patch"], url_path=rf"practice/(?P<question_id>{QUESTION_ID})",
            url_name="practice-answer")
    def practice_answer(self, request, pk=None, question_id=None):
        """Save your notes, self-rating and practice time for one question of the prep (404 for a
        question the prep does not have; 409 prep_not_ready before its first generation)."""
        prep = self.get_object()
        serializer = PracticeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answer = practice.save_answer(
            user=request.user, prep_id=prep.pk, question_id=question_id, notes=data.get("notes"),
            rating=data.get("rating"), clear_rating="rating" in data and data["rating"] is None,
            add_seconds=data.get("add_seconds", 0))
        return Response(PracticeAnswerSerializer(answer).data)

    @extend_schema(request=None, responses={202: FeedbackAcceptedSerializer, 200: FeedbackAcceptedSerializer})
    @action(detail=True, methods=["post"], url_path=rf"practice/(?P<question_id>{QUESTION_ID})/feedback",
            url_name="practice-feedback")
    def practice_feedback(self, request, pk=None, question_id=None):
        """Ask the language-model writer which strong-answer points your saved notes cover: 202 with the
        background job (200 with the running one); the result lands in the answer's `feedback`. 409
        `feedback_unavailable` with the embedded writer; 400 before notes are saved for the question."""
        prep = self.get_object()
        answer, job, created = feedback.request_feedback(user=request.user, prep_id=prep.pk, question_id=question_id)
        response = accepted(job, created)
        response.data["question_id"] = answer.question_id
        return response

    @extend_schema(request=None, responses={200: PrepDetailSerializer})
    @action(detail=True, methods=["post"])
    def replan(self, request, pk=None):
        """Plan the study plan again from today with your practice ratings (weak areas get more time)."""
        practice.replan(user=request.user, prep_id=self.get_object().pk)
        return Response(PrepDetailSerializer(selectors.prep_for_user(request.user, pk)).data)

    @extend_schema(responses={(200, "text/markdown"): OpenApiTypes.STR, (200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "text/calendar"): OpenApiTypes.STR, 409: OpenApiResponse(description="Not generated yet.")})
    @action(detail=True, methods=["get"], url_path=r"export\.(?P<fmt>md|pdf|ics)", url_name="export")
    def export(self, request, pk=None, fmt=None):
        """The prep as Markdown (`export.md`), PDF (`export.pdf`) or its study plan as iCalendar (`export.ics`)."""
        prep = self.get_object()
        if not prep.content:
            raise PrepNotReady()
        heading = "Interview prep: " + str(prep)
        if fmt == "md":
            content = prep_to_markdown(prep.content).encode("utf-8")
        elif fmt == "pdf":
            from interviews.exports.pdf import prep_to_pdf

            content = prep_to_pdf(prep.content, heading=heading)
        else:
            content = study_plan_to_ical(prep.content["study_plan"], title=heading, uid_prefix=f"prep-{prep.pk}",
                                         now=timezone.now())
        response = HttpResponse(content, content_type=EXPORTS[fmt])
        response["Content-Disposition"] = content_disposition(f"interview-prep-{prep.pk}.{fmt}")
        response["Cache-Control"] = "private, no-store"
        return response
