"""Top-level URLs: accounts, the admin, health check, and the claims app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.views.health import healthz
from claims.views.styles import rating_styles

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("ratings.css", rating_styles, name="rating_styles"),
    path("", include("claims.public.urls")),
    path("", include("claims.urls")),
]
