from django.urls import path

from .views import public

app_name = "take_part"

urlpatterns = [
    path("budgets/<int:budget_pk>/", public.budget_page, name="budget"),
    path("budgets/<int:budget_pk>/ideas/new/", public.idea_new, name="idea_new"),
    path("budgets/<int:budget_pk>/vote/", public.vote_start, name="vote"),
    path("budgets/<int:budget_pk>/vote/check-your-email/", public.check_email, name="check_email"),
    path("budgets/<int:budget_pk>/vote/confirm/", public.voter_confirm_page, name="voter_confirm"),
    path("budgets/<int:budget_pk>/vote/ballot/", public.ballot_page, name="ballot"),
    path("budgets/<int:budget_pk>/vote/thank-you/", public.voted, name="voted"),
    path("consultations/<int:consultation_pk>/", public.consultation_page, name="consultation"),
    path(
        "consultations/<int:consultation_pk>/thank-you/",
        public.consultation_thanks,
        name="consultation_thanks",
    ),
]
