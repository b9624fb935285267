using MailServerOperator.Controller;

namespace MailServerOperator.Informers;

internal readonly record struct ResourceIdentity(ObjectKey Key, string ResourceVersion);
