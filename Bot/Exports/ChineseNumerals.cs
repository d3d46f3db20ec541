namespace CooperationBot.Exports;

/// <summary>Chinese numerals for section numbers (一、二、……十一、一百零一), as Chinese documents number them.</summary>
public static class ChineseNumerals
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 to 9999 in Chinese numerals.</summary>
    public static string Of(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 9999);
        if (number is >= 10 and < 20)
        {
            // 十一, not 一十一.
            return "十" + (number == 10 ? string.Empty : Digits[number - 10]);
        }

        var units = new[] { (1000, "千"), (100, "百"), (10, "十"), (1, string.Empty) };
        var text = new System.Text.StringBuilder();
        var pendingZero = false;
        foreach (var (value, name) in units)
        {
            var digit = number / value % 10;
            if (digit == 0)
            {
                pendingZero = text.Length > 0;
                continue;
            }

            if (pendingZero)
            {
                text.Append(Digits[0]);
                pendingZero = false;
            }

            text.Append(Digits[digit]).Append(name);
        }

        return text.ToString();
    }
}
