"""Factories for the organisation tree and its officers. Each app's tests add their own beside."""

import factory

from unionhub.models import Role, Union, User


class UnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"测试工会{n}")
    kind = Union.Kind.BASE
    region = "浙江"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("test-password")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    union = factory.SubFactory(UnionFactory)
    kind = Role.Kind.SECRETARY
