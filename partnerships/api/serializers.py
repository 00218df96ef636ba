from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cwf.accounts import permissions

from ..composition import composition_from_annotations
from ..models import Decision, Member, Neighbourhood, Partnership


class PartnershipNeighbourhoodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ["code", "kind", "name", "local_authority_name", "region"]


class LtoLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="lto.pk")
    name = serializers.CharField(source="lto.name")
    org_id = serializers.CharField(source="lto.org_id")
    due_diligence_status = serializers.CharField(source="lto.due_diligence_status")
    starts_on = serializers.DateField()


class RuleSerializer(serializers.Serializer):
    rule = serializers.CharField()
    passed = serializers.BooleanField()
    figure = serializers.CharField()


class CompositionSerializer(serializers.Serializer):
    """Figures only: never anyone's name."""

    members = serializers.IntegerField()
    voting_members = serializers.IntegerField()
    resident_voting_members = serializers.IntegerField()
    resident_share = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True, help_text="0 to 1"
    )
    rules_met = serializers.BooleanField()
    rules = RuleSerializer(many=True)


class PartnershipAreaSerializer(serializers.Serializer):
    """A neighbourhood made of LSOAs, with its combined figures (docs/register.md)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    weighting = serializers.CharField()
    imd_edition = serializers.CharField()
    imd_decile = serializers.IntegerField(allow_null=True)
    cni_edition = serializers.CharField()
    cni_decile = serializers.IntegerField(allow_null=True)
    doubly_share = serializers.FloatField(allow_null=True)


class PartnershipSerializer(serializers.ModelSerializer):
    neighbourhoods = PartnershipNeighbourhoodSerializer(many=True, read_only=True)
    lsoa_neighbourhood = PartnershipAreaSerializer(
        read_only=True,
        allow_null=True,
        help_text="When its neighbourhood is a set of LSOAs (then listed in neighbourhoods).",
    )
    lto = serializers.SerializerMethodField()
    composition = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "name",
            "status",
            "mou_signed_on",
            "neighbourhoods",
            "lsoa_neighbourhood",
            "lto",
            "composition",
        ]

    @extend_schema_field(LtoLinkSerializer(allow_null=True))
    def get_lto(self, partnership):
        link = partnership.active_lto_link()
        return LtoLinkSerializer(link).data if link else None

    @extend_schema_field(CompositionSerializer)
    def get_composition(self, partnership):
        return CompositionSerializer(composition_from_annotations(partnership)).data


class DecisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    partnership_name = serializers.CharField(source="partnership.name")
    meeting_date = serializers.DateField(source="meeting.held_on")
    meeting_type = serializers.CharField(source="meeting.kind")
    minutes_status = serializers.CharField(source="meeting.minutes_status")
    conflicts_declared = serializers.IntegerField(source="conflict_count")
    corrected_by = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id", "reference", "partnership", "partnership_name", "meeting", "meeting_date",
            "meeting_type", "minutes_status", "title", "decided", "amount", "theme", "votes_for",
            "votes_against", "votes_abstaining", "conflicts_declared", "outcome", "corrects",
            "corrected_by", "recorded_at",
        ]  # fmt: skip

    def get_corrected_by(self, decision) -> list[int]:
        return [c.pk for c in decision.corrections.all()]


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.SerializerMethodField()
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id", "partnership", "full_name", "email", "is_resident", "role", "has_vote",
            "joined_on", "left_on", "has_account",
        ]  # fmt: skip

    def get_email(self, member) -> str | None:
        """E-mail addresses are for officers and the partnership's chair."""
        viewer = self.context["request"].user
        if permissions.can_run_partnership(viewer, member.partnership_id):
            return member.email
        return None

    def get_has_account(self, member) -> bool:
        return member.user_id is not None
