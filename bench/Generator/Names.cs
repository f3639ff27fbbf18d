namespace RecordsApi.Bench;

/// <summary>
/// Name pools by naming culture. Lists are in rough order of real-world frequency: the generator
/// draws from them with Zipf weights, so Smith and Ivanov are common and Cristoforetti is rare,
/// as in real data. Entries are "Latin=Native" (native script, where the culture has one) and
/// "male/female" surname forms where the language has them.
/// </summary>
internal sealed record Culture(
    string Name,
    double Weight,
    (string Code, double Weight)[] Nationalities,
    string MaleFirst,
    string FemaleFirst,
    string Surnames,
    double NativeShare)
{
    public static readonly Culture[] All =
    [
        new("english", 35, [("US", 80), ("GB", 10), ("CA", 6), ("AU", 4)],
            "James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Henry|Douglas|Peter|Walter|Harold|Carl|Arthur|Lawrence|Neil|Gordon|Alan|Virgil|Deke|Buzz|Wally|Gus|Jared",
            "Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Dorothy|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Shirley|Anna|Brenda|Pamela|Emma|Nicole|Helen|Samantha|Katherine|Christine|Debra|Rachel|Carolyn|Janet|Catherine|Heather|Sally|Peggy|Eileen|Judith|Christina|Mae|Wally|Hayley|Sian",
            "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Torres|Nguyen|Hill|Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|Carter|Roberts|Gomez|Phillips|Evans|Turner|Diaz|Parker|Cruz|Edwards|Collins|Reyes|Stewart|Morris|Morales|Murphy|Cook|Rogers|Gutierrez|Ortiz|Morgan|Cooper|Peterson|Bailey|Reed|Kelly|Howard|Ramos|Kim|Cox|Ward|Richardson|Watson|Brooks|Chavez|Wood|James|Bennett|Gray|Mendoza|Ruiz|Hughes|Price|Alvarez|Castillo|Sanders|Patel|Myers|Long|Ross|Foster|Glenn|Shepard|Armstrong|Aldrin|Ride|Whitson|Dwight|Funk|Shatner|Isaacman|Arceneaux|Proctor|Sembroski|O'Hara|McAuliffe",
            0),
        new("russian", 20, [("RU", 82), ("UA", 8), ("BY", 5), ("KZ", 5)],
            "Aleksandr=Александр|Sergey=Сергей|Dmitry=Дмитрий|Andrey=Андрей|Aleksey=Алексей|Vladimir=Владимир|Ivan=Иван|Mikhail=Михаил|Nikolay=Николай|Yevgeny=Евгений|Yury=Юрий|Oleg=Олег|Anton=Антон|Pavel=Павел|Viktor=Виктор|Igor=Игорь|Konstantin=Константин|Gennady=Геннадий|Valery=Валерий|Anatoly=Анатолий|Boris=Борис|Fyodor=Фёдор|Gherman=Герман|Klim=Клим|Roman=Роман|Maksim=Максим|Artyom=Артём|Denis=Денис|Kirill=Кирилл|Nikita=Никита|Pyotr=Пётр|Vasily=Василий|Leonid=Леонид|Georgy=Георгий|Timur=Тимур",
            "Yelena=Елена|Olga=Ольга|Natalya=Наталья|Tatyana=Татьяна|Irina=Ирина|Svetlana=Светлана|Anna=Анна|Mariya=Мария|Yekaterina=Екатерина|Yulia=Юлия|Anastasia=Анастасия|Valentina=Валентина|Lyudmila=Людмила|Galina=Галина|Marina=Марина|Darya=Дарья|Ksenia=Ксения|Polina=Полина|Vera=Вера|Nadezhda=Надежда|Sofia=София|Alina=Алина|Viktoria=Виктория|Larisa=Лариса",
            "Ivanov/Ivanova=Иванов/Иванова|Smirnov/Smirnova=Смирнов/Смирнова|Kuznetsov/Kuznetsova=Кузнецов/Кузнецова|Popov/Popova=Попов/Попова|Vasilyev/Vasilyeva=Васильев/Васильева|Petrov/Petrova=Петров/Петрова|Sokolov/Sokolova=Соколов/Соколова|Mikhaylov/Mikhaylova=Михайлов/Михайлова|Novikov/Novikova=Новиков/Новикова|Fyodorov/Fyodorova=Фёдоров/Фёдорова|Morozov/Morozova=Морозов/Морозова|Volkov/Volkova=Волков/Волкова|Alekseyev/Alekseyeva=Алексеев/Алексеева|Lebedev/Lebedeva=Лебедев/Лебедева|Semyonov/Semyonova=Семёнов/Семёнова|Yegorov/Yegorova=Егоров/Егорова|Pavlov/Pavlova=Павлов/Павлова|Kozlov/Kozlova=Козлов/Козлова|Stepanov/Stepanova=Степанов/Степанова|Nikolayev/Nikolayeva=Николаев/Николаева|Orlov/Orlova=Орлов/Орлова|Andreyev/Andreyeva=Андреев/Андреева|Makarov/Makarova=Макаров/Макарова|Zaytsev/Zaytseva=Зайцев/Зайцева|Solovyov/Solovyova=Соловьёв/Соловьёва|Gagarin/Gagarina=Гагарин/Гагарина|Tereshkov/Tereshkova=Терешков/Терешкова|Leonov/Leonova=Леонов/Леонова|Titov/Titova=Титов/Титова|Shkaplerov/Shkaplerova=Шкаплеров/Шкаплерова|Novitsky/Novitskaya=Новицкий/Новицкая|Krikalyov/Krikalyova=Крикалёв/Крикалёва|Padalka=Падалка|Kononenko=Кононенко|Savitsky/Savitskaya=Савицкий/Савицкая|Shevchenko=Шевченко|Kovalenko=Коваленко|Bondarenko=Бондаренко|Peresild=Пересильд|Shipenko=Шипенко",
            0.92),
        new("spanish", 10, [("ES", 30), ("MX", 25), ("AR", 10), ("CO", 10), ("BR", 10), ("CU", 5), ("CL", 5), ("PE", 5)],
            "José|Juan|Carlos|Luis|Miguel|Jorge|Pedro|Francisco|Antonio|Manuel|Alejandro|Rodolfo|Franklin|Arnaldo|Marcos|Pablo|Diego|Javier|Sergio|Raúl",
            "María|Carmen|Ana|Lucía|Isabel|Laura|Sofía|Paula|Elena|Marta|Ellen|Katya|Gabriela|Valentina|Daniela",
            "García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil|Ramírez|Serrano|Blanco|Suárez|Chang-Díaz|Ochoa|Neri Vela|Tamayo Méndez|Pontes|Duque",
            0),
        new("german", 6, [("DE", 85), ("AT", 10), ("CH", 5)],
            "Thomas|Michael|Andreas|Stefan|Klaus|Jürgen|Wolfgang|Hans|Uwe|Peter|Matthias|Ulf|Reinhold|Sigmund|Ernst|Alexander|Gerhard|Lukas|Felix",
            "Sabine|Ursula|Petra|Monika|Claudia|Andrea|Katrin|Heike|Susanne|Julia|Anja|Insa|Lena|Sophie",
            "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Schmitt|Werner|Krause|Jähn|Merbold|Gerst|Maurer|Ewald|Reiter|Thiele|Flade|Schlegel",
            0),
        new("french", 6, [("FR", 85), ("BE", 10), ("CA", 5)],
            "Jean|Pierre|Michel|Philippe|Alain|Nicolas|François|Patrick|Christophe|Thomas|Julien|Frédéric|Jean-Loup|Léopold|Sébastien|Thierry|Éric",
            "Marie|Nathalie|Isabelle|Sylvie|Catherine|Françoise|Claudie|Sophie|Céline|Aurélie|Hélène|Élodie|Camille",
            "Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèbvre|Michel|Garnier|Chrétien|Haigneré|Pesquet|Clervoy|Tognini|Perrin|Frimout|Fontaine|Rousseau|Girard|Bonnet|Dupont|Lambert",
            0),
        new("italian", 4, [("IT", 95), ("SM", 5)],
            "Giuseppe|Giovanni|Antonio|Mario|Luca|Marco|Francesco|Roberto|Andrea|Paolo|Stefano|Umberto|Maurizio|Franco|Alessandro|Matteo|Lorenzo",
            "Giulia|Francesca|Chiara|Sara|Anna|Maria|Laura|Valentina|Samantha|Elena|Alessandra|Federica",
            "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Costa|Giordano|Rizzo|Lombardi|Moretti|Cristoforetti|Parmitano|Nespoli|Vittori|Guidoni|Malerba|Villadei",
            0),
        new("japanese", 6, [("JP", 100)],
            "Hiroshi|Takashi|Kenji|Satoshi|Koichi|Mamoru|Soichi|Akihiko|Norishige|Takuya|Kimiya|Daisuke|Yusaku|Takao|Toyohiro",
            "Yuki|Naoko|Chiaki|Keiko|Yoko|Akiko|Tomoko|Sakura|Hana|Mai",
            "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|Sasaki|Wakata|Noguchi|Furukawa|Hoshide|Onishi|Kanai|Yui|Mohri|Doi|Akiyama|Maezawa|Hirano|Yamazaki|Mukai",
            0),
        new("chinese", 7, [("CN", 90), ("TW", 5), ("SG", 5)],
            "Wei|Jun|Hao|Lei|Yang|Liwei|Haipeng|Jinglong|Zhigang|Xiaoguang|Dong|Bo|Tao|Peng|Ming|Jie|Cong|Guangsu|Xuzhe",
            "Fang|Li|Na|Ying|Yaping|Yang|Jing|Min|Xiaoyan|Lu|Yan",
            "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Gao|Lin|Luo|Jing|Nie|Fei|Zhai|Tang|Ye|Deng|Cai",
            0),
        new("indian", 4, [("IN", 95), ("US", 5)],
            "Rakesh|Amit|Rajesh|Sunil|Vijay|Anil|Sanjay|Rahul|Arjun|Shubhanshu|Prasanth|Angad|Ajit|Ravi|Suresh|Vikram",
            "Kalpana|Sunita|Priya|Anjali|Deepa|Pooja|Sirisha|Lakshmi|Neha|Kavya",
            "Sharma|Kumar|Singh|Patel|Gupta|Reddy|Rao|Nair|Iyer|Chawla|Bandla|Shukla|Krishnan|Menon|Joshi|Mehta|Verma|Das|Pillai",
            0),
        new("arabic", 2, [("AE", 40), ("SA", 40), ("EG", 10), ("SY", 10)],
            "Mohammed|Ahmed|Ali|Sultan|Hazza|Omar|Khalid|Abdullah|Yousef|Hamad",
            "Fatima|Sara|Aisha|Noura|Rayyanah|Mariam|Layla",
            "Al Neyadi|Al Mansouri|Al Saud|Barnawi|Al Qarni|Hassan|Ibrahim|Khalil|Al Maktoum|Faris",
            0),
    ];
}

/// <summary>A parsed name pool: Zipf-weighted entries with an optional native-script form and female form.</summary>
internal sealed class NamePool
{
    private readonly (string Latin, string LatinFemale, string? Native, string? NativeFemale)[] _entries;
    private readonly Zipf _zipf;

    public NamePool(string spec, double exponent)
    {
        _entries = spec.Split('|').Select(Parse).ToArray();
        _zipf = new Zipf(_entries.Length, exponent);
    }

    public (string Latin, string? Native) Draw(Random random, bool female)
    {
        var entry = _entries[_zipf.Draw(random)];
        return female ? (entry.LatinFemale, entry.NativeFemale) : (entry.Latin, entry.Native);
    }

    private static (string, string, string?, string?) Parse(string item)
    {
        var parts = item.Split('=');
        var latin = parts[0].Split('/');
        var native = parts.Length > 1 ? parts[1].Split('/') : null;
        return (latin[0], latin[^1], native?[0], native?[^1]);
    }
}

/// <summary>Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s.</summary>
internal sealed class Zipf
{
    private readonly double[] _cumulative;

    public Zipf(int count, double exponent)
    {
        _cumulative = new double[count];
        var total = 0.0;
        for (var rank = 0; rank < count; rank++)
        {
            total += 1.0 / Math.Pow(rank + 1, exponent);
            _cumulative[rank] = total;
        }

        for (var rank = 0; rank < count; rank++)
        {
            _cumulative[rank] /= total;
        }
    }

    public int Draw(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}

/// <summary>Draws one of some items by weight.</summary>
internal sealed class Weighted<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public Weighted(IEnumerable<(T Item, double Weight)> items)
    {
        var list = items.ToList();
        _items = list.Select(i => i.Item).ToArray();
        _cumulative = new double[list.Count];
        var total = 0.0;
        for (var i = 0; i < list.Count; i++)
        {
            total += list[i].Weight;
            _cumulative[i] = total;
        }

        for (var i = 0; i < list.Count; i++)
        {
            _cumulative[i] /= total;
        }
    }

    public T Draw(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return _items[Math.Min(index < 0 ? ~index : index, _items.Length - 1)];
    }
}
