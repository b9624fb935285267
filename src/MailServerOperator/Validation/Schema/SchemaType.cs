namespace MailServerOperator.Validation.Schema;

/// <summary>The <c>type</c> of a schema node. <see cref="Unspecified"/> is an int-or-string node or one that accepts anything.</summary>
internal enum SchemaType
{
    Unspecified,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}
