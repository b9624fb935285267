using MailServerOperator.Api;

namespace MailServerOperator.Informers;

internal readonly record struct ResourceIdentity(ObjectKey Key, string ResourceVersion);
