using System.Text;

namespace CloudStatus.Functions.Api;

/// <summary>
/// RFC 4180 text: fields separated by commas, records ended by CRLF; a field holding a comma, a double quote, CR or LF
/// is enclosed in double quotes with each double quote doubled. Null is an empty field.
/// </summary>
internal static class Csv
{
    public static void AppendRecord(StringBuilder builder, params ReadOnlySpan<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(builder);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendField(builder, fields[i]);
        }

        builder.Append("\r\n");
    }

    private static void AppendField(StringBuilder builder, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            builder.Append(field);
            return;
        }

        builder.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
