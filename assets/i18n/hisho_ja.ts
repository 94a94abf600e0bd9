<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AddServerDialog</name>
    <message>
        <source>Add a server of yours</source>
        <translation>自分のサーバーを追加</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>サーバー名</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>サーバーのアドレス</translation>
    </message>
    <message>
        <source>Ask before each request, as for the cloud</source>
        <translation>クラウドと同じく、リクエストのたびに確認する</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>アドレス:</translation>
    </message>
    <message>
        <source>Only addresses on this computer or your own network (10.x, 172.16–31.x, 192.168.x, 100.64–127.x VPN, fd…) are accepted.</source>
        <translation>このコンピューターまたは自分のネットワーク上のアドレス (10.x、172.16–31.x、192.168.x、100.64–127.x の VPN、fd…) だけを受け付けます。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
</context>
<context>
    <name>AnswerMarks</name>
    <message>
        <source>Not found in your documents</source>
        <translation>資料に見つかりません</translation>
    </message>
</context>
<context>
    <name>ApiLogWindow</name>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>クライアント</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>In</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文書</translation>
    </message>
    <message>
        <source>Local API — requests from other programs</source>
        <translation>ローカル API — ほかのプログラムからのリクエスト</translation>
    </message>
    <message>
        <source>Requests other programs made to Hisho</source>
        <translation>ほかのプログラムが Hisho に送ったリクエスト</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No program has used the local API yet.</source>
        <translation>ローカル API を使ったプログラムはまだありません。</translation>
    </message>
    <message>
        <source>{count} request · {refused} refused · {documents} read your documents</source>
        <translation>{count} 件のリクエスト · 拒否 {refused} 件 · 文書を読んだもの {documents} 件</translation>
    </message>
    <message>
        <source>{count} requests · {refused} refused · {documents} read your documents</source>
        <translation>{count} 件のリクエスト · 拒否 {refused} 件 · 文書を読んだもの {documents} 件</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>{kind}: {text}</source>
        <translation>{kind}: {text}</translation>
    </message>
</context>
<context>
    <name>CatalogController</name>
    <message>
        <source>This computer: {free} GB of {total} GB memory free, {cores} cores</source>
        <translation>このコンピューター：メモリ {total} GB 中 {free} GB が空き、{cores} コア</translation>
    </message>
    <message>
        <source>, {gpu}</source>
        <translation>、{gpu}</translation>
    </message>
    <message>
        <source>. Estimates scale a speed measured here.</source>
        <translation>。推定値は、このコンピューターで計測した速度から算出しています。</translation>
    </message>
    <message>
        <source>Another model is downloading; wait for it or pause it.</source>
        <translation>別のモデルをダウンロード中です。完了を待つか、一時停止してください。</translation>
    </message>
    <message>
        <source>Download {name} ({size}) from {host}?

Licence: {licence}
{url}

The file is checked against its published sha256 before it is used.</source>
        <translation>{name}（{size}）を {host} からダウンロードしますか？

ライセンス：{licence}
{url}

ファイルは使用前に、公開されている sha256 と照合されます。</translation>
    </message>
    <message>
        <source>This licence does not allow commercial use: not for work you are paid for.</source>
        <translation>このライセンスでは商用利用が認められていません。報酬を得る仕事には使えません。</translation>
    </message>
    <message>
        <source>Download a model</source>
        <translation>モデルをダウンロード</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>Good at</source>
        <translation>得意な言語</translation>
    </message>
    <message>
        <source>Can</source>
        <translation>できること</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>このコンピューターでは</translation>
    </message>
    <message>
        <source>Speed here</source>
        <translation>この PC での速さ</translation>
    </message>
    <message>
        <source>Any size</source>
        <translation>すべてのサイズ</translation>
    </message>
    <message>
        <source>Up to 1 GB</source>
        <translation>1 GB まで</translation>
    </message>
    <message>
        <source>Up to 3 GB</source>
        <translation>3 GB まで</translation>
    </message>
    <message>
        <source>Up to 6 GB</source>
        <translation>6 GB まで</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>すべての言語</translation>
    </message>
    <message>
        <source>Good at Japanese</source>
        <translation>日本語が得意</translation>
    </message>
    <message>
        <source>Good at English</source>
        <translation>英語が得意</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>アラビア語</translation>
    </message>
    <message>
        <source>German</source>
        <translation>ドイツ語</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>スペイン語</translation>
    </message>
    <message>
        <source>French</source>
        <translation>フランス語</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>ヒンディー語</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>イタリア語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韓国語</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>オランダ語</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>ポルトガル語</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>ロシア語</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>タイ語</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>ベトナム語</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中国語</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Models you can download</source>
        <translation>ダウンロードできるモデル</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>表示：</translation>
    </message>
    <message>
        <source>{language} (strong)</source>
        <translation>{language}（得意）</translation>
    </message>
    <message>
        <source>{licence} · non-commercial</source>
        <translation>{licence} · 非商用</translation>
    </message>
    <message>
        <source>fast (GPU)</source>
        <translation>高速（GPU）</translation>
    </message>
    <message>
        <source>under 1 word/s</source>
        <translation>毎秒 1 語未満</translation>
    </message>
    <message>
        <source>{words} words/s</source>
        <translation>毎秒 {words} 語</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>チャット</translation>
    </message>
    <message>
        <source>tools</source>
        <translation>ツール</translation>
    </message>
    <message>
        <source>thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>images</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <source>downloading…</source>
        <translation>ダウンロード中…</translation>
    </message>
    <message>
        <source>{percent}% downloaded</source>
        <translation>{percent}% ダウンロード済み</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>このモデルを使う</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>ダウンロードを再開</translation>
    </message>
    <message>
        <source>Download ({size})</source>
        <translation>ダウンロード（{size}）</translation>
    </message>
    <message>
        <source>Licence: {licence}</source>
        <translation>ライセンス：{licence}</translation>
    </message>
    <message>
        <source>Non-commercial licence: not for work you are paid for.</source>
        <translation>非商用ライセンス：報酬を得る仕事には使えません。</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Delete conversation</source>
        <translation>会話を削除</translation>
    </message>
    <message>
        <source>Delete “{title}”? This cannot be undone.</source>
        <translation>「{title}」を削除しますか？この操作は元に戻せません。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止中…</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>考え中…</translation>
    </message>
    <message>
        <source>Generating · {rate} tokens/s</source>
        <translation>生成中 · {rate} トークン/秒</translation>
    </message>
    <message>
        <source>Answering from {count} passages…</source>
        <translation>{count} 件の抜粋から回答中…</translation>
    </message>
    <message>
        <source>Sending to {model}…</source>
        <translation>{model} に送信中…</translation>
    </message>
    <message>
        <source>Stopped · {rate} tokens/s</source>
        <translation>停止 · {rate} トークン/秒</translation>
    </message>
    <message>
        <source>Ready · {rate} tokens/s</source>
        <translation>準備完了 · {rate} トークン/秒</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>The reply failed</source>
        <translation>回答に失敗しました</translation>
    </message>
    <message>
        <source>Copied to the clipboard</source>
        <translation>クリップボードにコピーしました</translation>
    </message>
    <message>
        <source>Hisho does not open {scheme} links.</source>
        <translation>Hisho は {scheme} のリンクを開きません。</translation>
    </message>
    <message>
        <source>Hisho does not open local links.</source>
        <translation>Hisho はローカルのリンクを開きません。</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation>リンクを開く</translation>
    </message>
    <message>
        <source>Open this address in your browser?

{address}</source>
        <translation>このアドレスをブラウザーで開きますか？

{address}</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>ブラウザーで開く</translation>
    </message>
    <message>
        <source>Wait for the reply to finish, then look at other versions.</source>
        <translation>返答が終わってから、ほかのバージョンを見てください。</translation>
    </message>
    <message>
        <source>{title} (fork)</source>
        <translation>{title}（分岐）</translation>
    </message>
    <message>
        <source>Forked into a new conversation</source>
        <translation>新しい会話に分岐しました</translation>
    </message>
    <message>
        <source>This conversation answers as {name}</source>
        <translation>この会話は「{name}」として答えます</translation>
    </message>
    <message>
        <source>Delete project</source>
        <translation>プロジェクトを削除</translation>
    </message>
    <message>
        <source>Delete the project “{name}”? Its conversations stay, outside any project.</source>
        <translation>プロジェクト「{name}」を削除しますか？ 中の会話はプロジェクトの外に残ります。</translation>
    </message>
</context>
<context>
    <name>ChromaLibraryDialog</name>
    <message>
        <source>Add a library on a Chroma server</source>
        <translation>Chroma サーバーにライブラリを追加</translation>
    </message>
    <message>
        <source>Library name</source>
        <translation>ライブラリ名</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>サーバーのアドレス</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>コレクション</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>アドレス:</translation>
    </message>
    <message>
        <source>Collection:</source>
        <translation>コレクション:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>トークン:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>接続をテスト</translation>
    </message>
    <message>
        <source>The server keeps this library&apos;s search index; your files and their text stay listed here. Away from this computer and your own network Hisho speaks only https. The token is kept in the system keyring.</source>
        <translation>このライブラリの検索インデックスはサーバーに保存されます。ファイルとその本文の一覧はここに残ります。このコンピューターと自分のネットワークの外とは、Hisho は https でのみ通信します。トークンはシステムのキーリングに保存されます。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Give the library a name, the server&apos;s address and a collection.</source>
        <translation>ライブラリの名前、サーバーのアドレス、コレクションを入力してください。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Connected: {count} passages in “{collection}”.</source>
        <translation>接続しました:「{collection}」に {count} 件のパッセージがあります。</translation>
    </message>
</context>
<context>
    <name>ClientApprovalDialog</name>
    <message>
        <source>A program asks for your documents</source>
        <translation>プログラムが文書へのアクセスを求めています</translation>
    </message>
    <message>
        <source>“{client}” wants to read your documents through Hisho&apos;s local API.</source>
        <translation>「{client}」が Hisho のローカル API を通してあなたの文書を読もうとしています。</translation>
    </message>
    <message>
        <source>It identifies itself as: {agent}
Its question begins: “{question}”

If you allow it, it can ask about any of your libraries from now on, and each answer shows it passages from your files. You can take this back in Settings › Local API.</source>
        <translation>名乗っている名前: {agent}
質問の冒頭: 「{question}」

許可すると、このプログラムは今後どのライブラリについても質問でき、回答のたびにあなたのファイルの一部を受け取ります。許可は 設定 › ローカル API でいつでも取り消せます。</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>許可する</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>許可しない</translation>
    </message>
</context>
<context>
    <name>CloudController</name>
    <message>
        <source>{error}
Cloud models are off until it can be opened.</source>
        <translation>{error}
開けるようになるまで、クラウドモデルはオフになります。</translation>
    </message>
    <message>
        <source>No API key is stored for {provider}. Add it in Settings › Cloud.</source>
        <translation>{provider} の APIキーが保存されていません。設定 › クラウドで追加してください。</translation>
    </message>
    <message>
        <source>This conversation answers with {model}</source>
        <translation>この会話は {model} で回答します</translation>
    </message>
    <message>
        <source>Forget API key</source>
        <translation>APIキーを削除</translation>
    </message>
    <message>
        <source>Remove the {provider} API key from the system keyring?</source>
        <translation>{provider} の APIキーをシステムのキーリングから削除しますか？</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>キーを削除</translation>
    </message>
    <message>
        <source>The key was removed from the keyring.</source>
        <translation>キーをキーリングから削除しました。</translation>
    </message>
    <message>
        <source>The egress log can&apos;t be opened, so nothing may be sent.</source>
        <translation>送信ログを開けないため、何も送信できません。</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s API key first.</source>
        <translation>先にプロバイダーの APIキーを入力してください。</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（削除済み）</translation>
    </message>
</context>
<context>
    <name>CloudPage</name>
    <message>
        <source>Off unless you turn it on. Then a question can go to the provider you choose — only as the policy below allows, and, unless you choose otherwise, after Hisho has shown you exactly what it would send. Your documents and other conversations stay here. Every request that leaves this computer is listed in Help › Egress log.</source>
        <translation>オンにしない限りオフのままです。オンにすると、質問を選んだプロバイダーに送れるようになります。送信は下のポリシーが許す場合に限られ、別の設定を選ばない限り、Hisho が送信内容をそのまま表示してから送ります。ドキュメントやほかの会話はこのコンピューターに残ります。このコンピューターから送信されたリクエストはすべて「ヘルプ › 送信ログ」に記録されます。</translation>
    </message>
    <message>
        <source>Ask each time, showing what would be sent</source>
        <translation>毎回確認する（送信内容を表示）</translation>
    </message>
    <message>
        <source>Automatically when the local model can&apos;t answer</source>
        <translation>ローカルモデルで回答できないときに自動で送信</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>送信しない</translation>
    </message>
    <message>
        <source>Allow cloud models</source>
        <translation>クラウドモデルを許可</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>プロバイダー</translation>
    </message>
    <message>
        <source>When may a question go to the cloud?</source>
        <translation>質問をクラウドに送ってよいのはいつですか？</translation>
    </message>
    <message>
        <source>Cloud policy</source>
        <translation>クラウドのポリシー</translation>
    </message>
    <message>
        <source>A conversation can have its own policy (Chat › Cloud in this conversation) and can answer with the cloud model every time (Chat › Answer with the cloud model).</source>
        <translation>「チャット › この会話でのクラウド」で会話ごとに独自のポリシーを設定できます。また、「チャット › クラウドモデルで回答」で毎回クラウドモデルに回答させることもできます。</translation>
    </message>
    <message>
        <source>Cloud provider</source>
        <translation>クラウドプロバイダー</translation>
    </message>
    <message>
        <source>Provider address</source>
        <translation>プロバイダーのアドレス</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>モデル名</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>APIキー</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>キーを削除</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>接続をテスト</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>プロバイダー：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>アドレス：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>APIキー：</translation>
    </message>
    <message>
        <source>Kept only in your system keyring, never in a file. Leave empty to keep the stored key.</source>
        <translation>システムのキーリングにのみ保存され、ファイルには保存されません。保存済みのキーをそのまま使う場合は空欄にしてください。</translation>
    </message>
    <message>
        <source>A key is stored in the system keyring</source>
        <translation>キーはシステムのキーリングに保存されています</translation>
    </message>
    <message>
        <source>Paste the provider&apos;s API key</source>
        <translation>プロバイダーのAPIキーを貼り付けてください</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>コマンドパレット</translation>
    </message>
    <message>
        <source>Type a command…</source>
        <translation>コマンドを入力…</translation>
    </message>
    <message>
        <source>Find a command</source>
        <translation>コマンドを探す</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>コマンド</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Ask Hisho anything…  (Enter to send, Shift+Enter for a new line)</source>
        <translation>Hisho に何でも質問…  （Enter で送信、Shift+Enter で改行）</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Send to {provider}?</source>
        <translation>{provider} に送信しますか？</translation>
    </message>
    <message>
        <source>Send this question to {provider} · {model}?</source>
        <translation>この質問を {provider} · {model} に送信しますか？</translation>
    </message>
    <message>
        <source>It would go to {host} — {size} bytes, shown in full below. Nothing is sent unless you choose Send.</source>
        <translation>送信先は {host} です（{size} バイト、内容はすべて下に表示しています）。「送信」を選ばない限り何も送信されません。</translation>
    </message>
    <message>
        <source>What would be sent</source>
        <translation>送信される内容</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Send for this conversation</source>
        <translation>この会話では常に送信</translation>
    </message>
    <message>
        <source>Send now and don&apos;t ask again in this conversation</source>
        <translation>今すぐ送信し、この会話では今後確認しません</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>Search conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Markdown としてエクスポート…</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>要約する</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>ピン留めを外す</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>先頭にピン留め</translation>
    </message>
    <message>
        <source>Fork</source>
        <translation>分岐</translation>
    </message>
    <message>
        <source>Move to project</source>
        <translation>プロジェクトへ移動</translation>
    </message>
    <message>
        <source>Out of the project</source>
        <translation>プロジェクトから出す</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新しいプロジェクト…</translation>
    </message>
    <message>
        <source>Answer as</source>
        <translation>ペルソナ</translation>
    </message>
    <message>
        <source>No persona</source>
        <translation>ペルソナなし</translation>
    </message>
    <message>
        <source>Personas and prompts…</source>
        <translation>ペルソナとプロンプト…</translation>
    </message>
    <message>
        <source>New conversation in project</source>
        <translation>このプロジェクトで新しい会話</translation>
    </message>
    <message>
        <source>Edit project…</source>
        <translation>プロジェクトを編集…</translation>
    </message>
    <message>
        <source>Delete project…</source>
        <translation>プロジェクトを削除…</translation>
    </message>
    <message>
        <source>Pinned: {title}</source>
        <translation>ピン留め: {title}</translation>
    </message>
    <message>
        <source>Project {name}, {count} conversations</source>
        <translation>プロジェクト {name}、会話 {count} 件</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download a model</source>
        <translation>モデルをダウンロード</translation>
    </message>
    <message>
        <source>Address of the model file</source>
        <translation>モデルファイルのアドレス</translation>
    </message>
    <message>
        <source>as published with the file (recommended)</source>
        <translation>ファイルと一緒に公開されている値（推奨）</translation>
    </message>
    <message>
        <source>Expected sha256</source>
        <translation>期待される sha256</translation>
    </message>
    <message>
        <source>The file is checked before it is used: a wrong checksum or a file that is not a GGUF model is set aside and never loaded. The download is listed in the egress log.</source>
        <translation>ファイルは使用前に検査されます。チェックサムが一致しないファイルや GGUF モデルでないファイルは隔離され、読み込まれることはありません。ダウンロードは送信ログに記録されます。</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>アドレス：</translation>
    </message>
    <message>
        <source>sha256:</source>
        <translation>sha256:</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
</context>
<context>
    <name>DropTarget</name>
    <message>
        <source>{count} items</source>
        <translation>{count} 個の項目</translation>
    </message>
</context>
<context>
    <name>DropWatch</name>
    <message>
        <source>no text found — is it a scanned document?</source>
        <translation>テキストが見つかりません — スキャンしたドキュメントですか？</translation>
    </message>
    <message>
        <source>Hisho can&apos;t read this kind of file.</source>
        <translation>Hisho はこの種類のファイルを読み込めません。</translation>
    </message>
    <message>
        <source>Could not add {label}: {error}</source>
        <translation>{label} を追加できませんでした：{error}</translation>
    </message>
    <message>
        <source>Adding {label}…</source>
        <translation>{label} を追加中…</translation>
    </message>
    <message>
        <source>Reading the files was cancelled.</source>
        <translation>ファイルの読み込みはキャンセルされました。</translation>
    </message>
    <message>
        <source>Reading {name}… {done} of {total}</source>
        <translation>{name} を読み込み中… {done}/{total}</translation>
    </message>
    <message>
        <source>Reading… {done} of {total} files</source>
        <translation>読み込み中… {done}/{total} ファイル</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>{name} を読み込み中…</translation>
    </message>
    <message>
        <source>No files found in {label}.</source>
        <translation>{label} にファイルが見つかりませんでした。</translation>
    </message>
    <message>
        <source>{label} is ready — ask away</source>
        <translation>{label} の準備ができました — 質問をどうぞ</translation>
    </message>
    <message>
        <source>{count} files are ready — ask away</source>
        <translation>{count} 個のファイルの準備ができました — 質問をどうぞ</translation>
    </message>
    <message>
        <source>Could not read {name}: {why}</source>
        <translation>{name} を読み込めませんでした：{why}</translation>
    </message>
    <message>
        <source>None of the {total} files could be read.</source>
        <translation>{total} 個のファイルをどれも読み込めませんでした。</translation>
    </message>
    <message>
        <source>{ready} of {total} files are ready — {problems} could not be read (see Files)</source>
        <translation>{total} 個中 {ready} 個のファイルの準備ができました — {problems} 個は読み込めませんでした（ライブラリを参照）</translation>
    </message>
</context>
<context>
    <name>EgressWindow</name>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>プロバイダー</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Egress log — what left this computer</source>
        <translation>送信ログ — このコンピューターから送信されたもの</translation>
    </message>
    <message>
        <source>Requests that left this computer</source>
        <translation>このコンピューターから送信されたリクエスト</translation>
    </message>
    <message>
        <source>Nothing has left this computer: no request was ever sent to a cloud provider.</source>
        <translation>このコンピューターからは何も送信されていません。クラウドプロバイダーにリクエストが送られたことはありません。</translation>
    </message>
    <message>
        <source>{count} request · {sent} sent · {received} received</source>
        <translation>{count} 件のリクエスト · 送信 {sent} · 受信 {received}</translation>
    </message>
    <message>
        <source>{count} requests · {sent} sent · {received} received</source>
        <translation>{count} 件のリクエスト · 送信 {sent} · 受信 {received}</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>This conversation answers with {name}.</source>
        <translation>この会話では {name} が回答します。</translation>
    </message>
    <message>
        <source>The local model could not answer ({error}) — {name} answered instead, as your cloud policy allows.</source>
        <translation>ローカルモデルが回答できなかったため（{error}）、クラウドのポリシーに従って {name} が代わりに回答しました。</translation>
    </message>
    <message>
        <source>The local model can&apos;t answer: {error}</source>
        <translation>ローカルモデルは回答できません: {error}</translation>
    </message>
    <message>
        <source>{when} ({conversations} conversations, {messages} messages)</source>
        <translation>{when}（会話 {conversations} 件、メッセージ {messages} 件）</translation>
    </message>
    <message>
        <source>Could not back up the conversation history to {folder}: {error}</source>
        <translation>会話の履歴を {folder} にバックアップできませんでした: {error}</translation>
    </message>
    <message>
        <source>Could not move the damaged history aside: {error}</source>
        <translation>破損した履歴を別の場所に移動できませんでした: {error}</translation>
    </message>
    <message>
        <source>Could not restore the backup: {error}</source>
        <translation>バックアップを復元できませんでした: {error}</translation>
    </message>
    <message>
        <source>fallback (ChatML): the model&apos;s template failed</source>
        <translation>代替の ChatML（モデルのテンプレートでエラーが発生しました）</translation>
    </message>
    <message>
        <source>fallback (ChatML): the model has no template</source>
        <translation>代替の ChatML（モデルにテンプレートがありません）</translation>
    </message>
    <message>
        <source>killed by signal {signal}</source>
        <translation>シグナル {signal} により強制終了</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>終了コード {code}</translation>
    </message>
    <message>
        <source>Custom server</source>
        <translation>カスタムサーバー</translation>
    </message>
    <message>
        <source>e.g. llama.cpp server, vLLM or Ollama</source>
        <translation>例: llama.cpp サーバー、vLLM、Ollama</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>使用しない</translation>
    </message>
    <message>
        <source>Ask each time</source>
        <translation>毎回確認する</translation>
    </message>
    <message>
        <source>Automatically when the local model can&apos;t answer</source>
        <translation>ローカルモデルで回答できないときに自動で使用</translation>
    </message>
    <message>
        <source>The provider&apos;s address must start with https:// (or http:// for a server on your own network).</source>
        <translation>プロバイダーのアドレスは https://（自分のネットワーク上のサーバーなら http://）で始める必要があります。</translation>
    </message>
    <message>
        <source>Choose a model name for the provider.</source>
        <translation>プロバイダーのモデル名を指定してください。</translation>
    </message>
    <message>
        <source>Connected to {provider}; {model} is available.</source>
        <translation>{provider} に接続しました。{model} を利用できます。</translation>
    </message>
    <message>
        <source>Connected to {provider}, but it does not list “{model}”. Check the model name.</source>
        <translation>{provider} に接続しましたが、一覧に「{model}」がありません。モデル名を確認してください。</translation>
    </message>
    <message>
        <source>The openai package is missing; reinstall Hisho.</source>
        <translation>openai パッケージがありません。Hisho を再インストールしてください。</translation>
    </message>
    <message>
        <source>The connection to {provider} was cut in the middle of the answer; what arrived is kept.</source>
        <translation>回答の途中で {provider} との接続が切れました。受信済みの部分は残してあります。</translation>
    </message>
    <message>
        <source>{provider} rejected the API key (HTTP {status}). Check the key in Settings › Cloud.</source>
        <translation>{provider} が APIキーを拒否しました（HTTP {status}）。設定 › クラウドでキーを確認してください。</translation>
    </message>
    <message>
        <source>{provider} does not know the model “{model}” or the address {address} (HTTP 404). Check Settings › Cloud.</source>
        <translation>HTTP 404: {provider} にモデル「{model}」またはアドレス {address} が見つかりません。設定 › クラウドを確認してください。</translation>
    </message>
    <message>
        <source>{provider} is limiting requests (HTTP 429); try again in a minute.</source>
        <translation>HTTP 429: {provider} がリクエストを制限しています。1 分ほどしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>{provider} had a server error (HTTP {status}) and did not answer after several tries. Try again later.</source>
        <translation>{provider} でサーバーエラーが発生し（HTTP {status}）、何度か試しても応答がありませんでした。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>{provider} did not answer within {seconds} s; try again later.</source>
        <translation>{provider} から {seconds} 秒以内に応答がありませんでした。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>Could not reach {provider} at {host}: {error}. Check the address in Settings › Cloud and the network.</source>
        <translation>{host} の {provider} に接続できませんでした: {error}。設定 › クラウドのアドレスとネットワークを確認してください。</translation>
    </message>
    <message>
        <source>{provider} refused the request (HTTP {status}).</source>
        <translation>{provider} がリクエストを拒否しました（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The answer from {provider} could not be read ({error}).</source>
        <translation>{provider} からの回答を読み取れませんでした（{error}）。</translation>
    </message>
    <message>
        <source>Not sent to {name}: you chose Cancel. Nothing left this computer.</source>
        <translation>キャンセルが選ばれたため、{name} には送信しませんでした。このコンピューターからは何も送信されていません。</translation>
    </message>
    <message>
        <source>This conversation is longer than the model&apos;s context: the 1 oldest message was left out of this reply.</source>
        <translation>この会話はモデルのコンテキストより長いため、この回答では最も古いメッセージ 1 件を除外しました。</translation>
    </message>
    <message>
        <source>This conversation is longer than the model&apos;s context: the {count} oldest messages were left out of this reply.</source>
        <translation>この会話はモデルのコンテキストより長いため、この回答では古いほうから {count} 件のメッセージを除外しました。</translation>
    </message>
    <message>
        <source>Your message is too long for the model&apos;s context ({count} tokens, room for {room}): only its beginning was used.</source>
        <translation>メッセージがモデルのコンテキストに対して長すぎるため（{count} トークン、空きは {room}）、先頭部分だけを使用しました。</translation>
    </message>
    <message>
        <source>Downloading {done} MB</source>
        <translation>ダウンロード中 {done} MB</translation>
    </message>
    <message>
        <source>Downloading {done} MB · {speed} MB/s</source>
        <translation>ダウンロード中 {done} MB · {speed} MB/s</translation>
    </message>
    <message>
        <source>Downloading {done} MB of {total} MB</source>
        <translation>ダウンロード中 {done} MB / {total} MB</translation>
    </message>
    <message>
        <source>Downloading {done} MB of {total} MB · {speed} MB/s</source>
        <translation>ダウンロード中 {done} MB / {total} MB · {speed} MB/s</translation>
    </message>
    <message>
        <source>Downloading {done} MB of {total} MB · {speed} MB/s · about {seconds} s left</source>
        <translation>ダウンロード中 {done} MB / {total} MB · {speed} MB/s · 残り約 {seconds} 秒</translation>
    </message>
    <message>
        <source>Only http(s) addresses can be downloaded, not “{address}”.</source>
        <translation>ダウンロードできるのは http(s) のアドレスだけです。「{address}」はダウンロードできません。</translation>
    </message>
    <message>
        <source>The server refused the download (HTTP {status}). Check the address.</source>
        <translation>サーバーがダウンロードを拒否しました（HTTP {status}）。アドレスを確認してください。</translation>
    </message>
    <message>
        <source>Could not reach {host}: {error}. Check the address and the network, then download again: what arrived so far is kept.</source>
        <translation>{host} に接続できませんでした: {error}。アドレスとネットワークを確認してから、もう一度ダウンロードしてください。ここまでに受信した分は残してあります。</translation>
    </message>
    <message>
        <source>Not enough free space in {folder}: the download needs {size} GB. Free some space and try again.</source>
        <translation>{folder} の空き容量が足りません。ダウンロードには {size} GB が必要です。空き容量を増やしてから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The download stopped at {done} of {total} bytes; try again to resume it.</source>
        <translation>ダウンロードが {total} バイト中 {done} バイトで止まりました。もう一度試すと続きから再開します。</translation>
    </message>
    <message>
        <source>The downloaded file does not match its sha256 (expected {expected}…, got {actual}…). It was moved to {path} and will not be loaded.</source>
        <translation>ダウンロードしたファイルの sha256（期待値 {expected}…、実際の値 {actual}…）が一致しません。ファイルは {path} に移動し、読み込みません。</translation>
    </message>
    <message>
        <source>{problem} It was moved to {path} and will not be loaded.</source>
        <translation>{problem}。ファイルは {path} に移動し、読み込みません。</translation>
    </message>
    <message>
        <source>the egress log</source>
        <translation>送信ログ</translation>
    </message>
    <message>
        <source>The model file does not exist: {path}</source>
        <translation>モデルファイルが存在しません: {path}</translation>
    </message>
    <message>
        <source>The model file cannot be read ({error}): {path}</source>
        <translation>モデルファイルを読み取れません（{error}）: {path}</translation>
    </message>
    <message>
        <source>This is not a usable GGUF model file ({error}); it may be damaged or incomplete, and was not loaded: {path}</source>
        <translation>使用できる GGUF モデルファイルではありません（{error}）。破損しているか不完全な可能性があるため、読み込みませんでした: {path}</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <source>the conversation history</source>
        <translation>会話の履歴</translation>
    </message>
    <message>
        <source>That conversation no longer exists.</source>
        <translation>その会話はもう存在しません。</translation>
    </message>
    <message>
        <source>The library process did not start ({reason}).</source>
        <translation>ライブラリのプロセスを開始できませんでした（{reason}）。</translation>
    </message>
    <message>
        <source>The library process did not answer in time.</source>
        <translation>ライブラリのプロセスが時間内に応答しませんでした。</translation>
    </message>
    <message>
        <source>The indexing process stopped ({reason}). It starts again with the next request and continues where it stopped.</source>
        <translation>インデックス作成のプロセスが停止しました（{reason}）。次のリクエストで再び起動し、停止したところから続行します。</translation>
    </message>
    <message>
        <source>The library did not answer in time. Try again.</source>
        <translation>ライブラリが時間内に応答しませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <source>No embedding model at {path}. Run `python -m engine.models install-defaults`, or choose another embedding model in the settings.</source>
        <translation>{path} に埋め込みモデルがありません。`python -m engine.models install-defaults` を実行するか、設定で別の埋め込みモデルを選んでください。</translation>
    </message>
    <message>
        <source>The embedding model at {path} could not be loaded ({error}). Reinstall it with `python -m engine.models install-defaults`.</source>
        <translation>{path} の埋め込みモデルを読み込めませんでした（{error}）。`python -m engine.models install-defaults` で再インストールしてください。</translation>
    </message>
    <message>
        <source>Hisho can&apos;t read old Word .doc files yet. Save it as PDF or DOCX and add that.</source>
        <translation>Hisho は古い Word の .doc ファイルをまだ読み取れません。PDF または DOCX として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>Hisho can&apos;t read {suffix} files yet. Save it as PDF or DOCX and add that.</source>
        <translation>Hisho は {suffix} ファイルをまだ読み取れません。PDF または DOCX として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>Hisho can&apos;t read files of this type yet. Save it as PDF or DOCX and add that.</source>
        <translation>Hisho はこの種類のファイルをまだ読み取れません。PDF または DOCX として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>“{name}” is gone: it was moved or deleted before Hisho could read it.</source>
        <translation>「{name}」が見つかりません。Hisho が読み取る前に移動または削除されました。</translation>
    </message>
    <message>
        <source>Hisho isn&apos;t allowed to read “{name}”. Check the file&apos;s permissions (or unlock it) and add it again.</source>
        <translation>Hisho には「{name}」を読み取る権限がありません。ファイルのアクセス権を確認して（またはロックを解除して）、もう一度追加してください。</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not a file. Add it as a library folder instead.</source>
        <translation>「{name}」はファイルではなくフォルダーです。代わりにライブラリのフォルダーとして追加してください。</translation>
    </message>
    <message>
        <source>“{name}” can&apos;t be read ({error}). Check that the disk is connected and the file opens.</source>
        <translation>「{name}」を読み取れません（{error}）。ディスクが接続されていること、ファイルが開けることを確認してください。</translation>
    </message>
    <message>
        <source>This file is named .pdf but is really a web page (HTML) saved with a .pdf name, often a failed download. Download the PDF again.</source>
        <translation>このファイルは名前が .pdf ですが、実際には .pdf という名前で保存された Web ページ（HTML）です。ダウンロードに失敗したときによく起こります。PDF をもう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <source>This file is named .pdf but is really a ZIP archive (perhaps a Word or OpenDocument file).</source>
        <translation>このファイルは名前が .pdf ですが、実際には ZIP アーカイブです（Word または OpenDocument のファイルかもしれません）。</translation>
    </message>
    <message>
        <source>This file is named .pdf but is damaged or not a PDF: it doesn&apos;t start like one. Get the file again.</source>
        <translation>このファイルは名前が .pdf ですが、破損しているか、PDF ではありません。PDF の形式で始まっていません。ファイルをもう一度入手してください。</translation>
    </message>
    <message>
        <source>This is an old Microsoft Office file (.xls or .ppt), not what its name says. Open it in Office (or LibreOffice), save it as XLSX or PPTX, then add that.</source>
        <translation>これは名前とは違い、古い Microsoft Office のファイル（.xls または .ppt）です。Office（または LibreOffice）で開いて XLSX または PPTX として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This Word document is password protected. Open it in Word, remove the password, save, and add it again.</source>
        <translation>この Word ドキュメントはパスワードで保護されています。Word で開いてパスワードを解除し、保存してから、もう一度追加してください。</translation>
    </message>
    <message>
        <source>Hisho can&apos;t read old Microsoft Office files (.xls, .ppt) yet. Save it as PDF, XLSX or PPTX and add that.</source>
        <translation>Hisho は古い Microsoft Office のファイル（.xls、.ppt）をまだ読み取れません。PDF、XLSX または PPTX として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This workbook is protected by a password. Open it in Excel, remove the password (File › Info › Protect Workbook), save, and add it again.</source>
        <translation>このブックはパスワードで保護されています。Excel で開いてパスワードを解除し（ファイル › 情報 › ブックの保護）、保存してからもう一度追加してください。</translation>
    </message>
    <message>
        <source>This presentation is protected by a password. Open it in PowerPoint, remove the password, save, and add it again.</source>
        <translation>このプレゼンテーションはパスワードで保護されています。PowerPoint で開いてパスワードを解除し、保存してからもう一度追加してください。</translation>
    </message>
    <message>
        <source>This looks like an old Word .doc file, not .docx, even though it is named .docx. Open it in Word (or LibreOffice) and save it as DOCX, then add that.</source>
        <translation>名前は .docx ですが、.docx ではなく古い Word の .doc ファイルのようです。Word（または LibreOffice）で開いて DOCX として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This document is a &apos;zip bomb&apos;: it would unpack to far more data than it holds, so Hisho doesn&apos;t open it.</source>
        <translation>このドキュメントは「zip 爆弾」です。元のサイズよりはるかに大きなデータに展開されるため、Hisho は開きません。</translation>
    </message>
    <message>
        <source>This document contains XML declarations (a DTD or entities) that office programs never write, so Hisho doesn&apos;t open it to stay safe.</source>
        <translation>このドキュメントには Office ソフトが書き込むことのない XML 宣言（DTD またはエンティティ）が含まれているため、安全のため Hisho は開きません。</translation>
    </message>
    <message>
        <source>This document has far more parts than a real one holds, so Hisho doesn&apos;t open it.</source>
        <translation>このドキュメントには本物のファイルとしては多すぎるパーツが含まれているため、Hisho は開きません。</translation>
    </message>
    <message>
        <source>This document&apos;s text is larger than Hisho reads ({size} MB), so it was not opened.</source>
        <translation>このドキュメントのテキストは Hisho が読み取る上限（{size} MB）を超えているため、開きませんでした。</translation>
    </message>
    <message>
        <source>This document is damaged and can&apos;t be opened. Its XML is broken ({error}).</source>
        <translation>このドキュメントは破損しているため開けません。XML が壊れています（{error}）。</translation>
    </message>
    <message>
        <source>This document is damaged and can&apos;t be opened. It is incomplete or not what its name says (perhaps the download or copy was interrupted). Get the file again, or open it and save it anew.</source>
        <translation>このドキュメントは破損しているため開けません。ファイルが不完全か、名前とは違う種類のファイルです（ダウンロードやコピーが途中で止まった可能性があります）。ファイルをもう一度入手するか、開いて保存し直してください。</translation>
    </message>
    <message>
        <source>This document is damaged and can&apos;t be opened. Part of it can&apos;t be unpacked. Open it and save it anew.</source>
        <translation>このドキュメントは破損しているため開けません。一部を展開できません。開いて保存し直してください。</translation>
    </message>
    <message>
        <source>This document is protected by a password. Open it, remove the password, save, and add it again.</source>
        <translation>このドキュメントはパスワードで保護されています。開いてパスワードを解除し、保存してからもう一度追加してください。</translation>
    </message>
    <message>
        <source>This is an OpenDocument file, not a Word .docx. Hisho can&apos;t read it yet: save it as DOCX or PDF and add that.</source>
        <translation>これは Word の .docx ではなく OpenDocument のファイルです。Hisho はまだ読み取れません。DOCX または PDF として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This is an Excel workbook, not a Word document. Hisho can&apos;t read it yet: save it as PDF and add that.</source>
        <translation>これは Word ドキュメントではなく Excel ブックです。Hisho はまだ読み取れません。PDF として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This is a PowerPoint presentation, not a Word document. Hisho can&apos;t read it yet: save it as PDF and add that.</source>
        <translation>これは Word ドキュメントではなく PowerPoint プレゼンテーションです。Hisho はまだ読み取れません。PDF として保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This Word document is damaged and can&apos;t be opened. It has no document part.</source>
        <translation>この Word ドキュメントは破損しているため開けません。本文のパーツがありません。</translation>
    </message>
    <message>
        <source>Some parts of this document were too large to read.</source>
        <translation>このドキュメントの一部は大きすぎたため、読み取りませんでした。</translation>
    </message>
    <message>
        <source>This Word document is damaged and can&apos;t be opened. It is incomplete or not a real .docx (perhaps the download or copy was interrupted). Get the file again, or open it in Word and save it anew.</source>
        <translation>この Word ドキュメントは破損しているため開けません。不完全か、本物の .docx ではありません（ダウンロードまたはコピーが中断された可能性があります）。ファイルをもう一度入手するか、Word で開いて保存し直してください。</translation>
    </message>
    <message>
        <source>This Word document is damaged and can&apos;t be opened. Part of it can&apos;t be unpacked. Open it in Word and save it anew.</source>
        <translation>この Word ドキュメントは破損しているため開けません。一部を展開できません。Word で開いて保存し直してください。</translation>
    </message>
    <message>
        <source>This document is encrypted. Remove the password in Word, save, and add it again.</source>
        <translation>このドキュメントは暗号化されています。Word でパスワードを解除して保存し、もう一度追加してください。</translation>
    </message>
    <message>
        <source>This PDF is damaged and Hisho found no text it could read. Open it in a PDF viewer and save (or print) it as a new PDF, then add that.</source>
        <translation>この PDF は破損していて、Hisho が読み取れるテキストが見つかりませんでした。PDF ビューアーで開いて新しい PDF として保存（または印刷）し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This PDF is password protected. Remove the password (or print it to a new PDF) and add it again.</source>
        <translation>この PDF はパスワードで保護されています。パスワードを解除して（または新しい PDF に印刷して）、もう一度追加してください。</translation>
    </message>
    <message>
        <source>1 page could not be read.</source>
        <translation>1 ページを読み取れませんでした。</translation>
    </message>
    <message>
        <source>{count} pages could not be read.</source>
        <translation>{count} ページを読み取れませんでした。</translation>
    </message>
    <message>
        <source>Only the first {read} of {total} pages were read (Hisho&apos;s page limit). {more}</source>
        <translation>Hisho のページ数の上限により、{total} ページのうち最初の {read} ページだけを読み取りました。{more}</translation>
    </message>
    <message>
        <source>This image is damaged or not an image Hisho can read. Open it in an image viewer, save a new copy (PNG or JPEG), and add that.</source>
        <translation>この画像は壊れているか、Hisho が読めない画像です。画像ビューアーで開いて新しいコピー（PNG または JPEG）を保存し、それを追加してください。</translation>
    </message>
    <message>
        <source>This image is {width} × {height} pixels, more than Hisho reads ({limit} million). Save a smaller copy (at most about 7,000 × 7,000) and add that.</source>
        <translation>この画像は {width} × {height} ピクセルで、Hisho が読める大きさ（{limit} 百万ピクセル）を超えています。小さいコピー（およそ 7,000 × 7,000 以下）を保存して、それを追加してください。</translation>
    </message>
    <message>
        <source>This image is {width} × {height} pixels; Hisho read it at {small_width} × {small_height}.</source>
        <translation>この画像は {width} × {height} ピクセルです。Hisho は {small_width} × {small_height} に縮小して読みました。</translation>
    </message>
    <message>
        <source>Only the first {read} of {total} pages were read (Hisho&apos;s page limit).</source>
        <translation>Hisho のページ数の上限により、{total} ページのうち最初の {read} ページだけを読み取りました。</translation>
    </message>
    <message>
        <source>No file at {path}</source>
        <translation>{path} にファイルがありません</translation>
    </message>
    <message>
        <source>Only the first {read} of {total} pages were read: the text reached Hisho&apos;s size limit. {more}</source>
        <translation>{total} ページのうち最初の {read} ページだけを読み取りました。テキストが Hisho のサイズの上限に達しました。{more}</translation>
    </message>
    <message>
        <source>Only the first {read} of {total} pages were read: the text reached Hisho&apos;s size limit.</source>
        <translation>{total} ページのうち最初の {read} ページだけを読み取りました。テキストが Hisho のサイズの上限に達しました。</translation>
    </message>
    <message>
        <source>This PDF is protected in a way Hisho can&apos;t open. Print it to a new PDF and add that.</source>
        <translation>この PDF は Hisho が開けない方法で保護されています。新しい PDF に印刷し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This PDF uses Brotli compression (a new PDF feature) that Hisho can&apos;t read yet. Save it again as PDF 1.7 (or print it to a new PDF) and add that.</source>
        <translation>この PDF は、Hisho がまだ読み取れない Brotli 圧縮（PDF の新しい機能）を使っています。PDF 1.7 として保存し直して（または新しい PDF に印刷して）、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>This PDF is incomplete: it ends early, as if the download or copy was cut short. Get the file again.</source>
        <translation>この PDF は不完全です。ダウンロードまたはコピーが途中で切れたかのように、途中で終わっています。ファイルをもう一度入手してください。</translation>
    </message>
    <message>
        <source>This PDF is damaged; Hisho read the text of the pages it could recover. {more}</source>
        <translation>この PDF は破損しています。Hisho は復元できたページのテキストを読み取りました。{more}</translation>
    </message>
    <message>
        <source>This PDF is damaged; Hisho read the text of the pages it could recover.</source>
        <translation>この PDF は破損しています。Hisho は復元できたページのテキストを読み取りました。</translation>
    </message>
    <message>
        <source>This file looks binary, not text, so Hisho can&apos;t read it.</source>
        <translation>このファイルはテキストではなくバイナリのようなので、Hisho は読み取れません。</translation>
    </message>
    <message>
        <source>Only the first {size} MB of this file were read.</source>
        <translation>このファイルは最初の {size} MB だけを読み取りました。</translation>
    </message>
    <message>
        <source>Reading this file needed more memory than Hisho allows, so it was stopped. Split the file or save a smaller copy, and add that.</source>
        <translation>このファイルの読み取りに Hisho が許可する以上のメモリが必要だったため、停止しました。ファイルを分割するか小さなコピーを保存して、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>Hisho&apos;s document reader crashed on this file, so it is probably damaged. Open it and save (or print) a new copy, then add that.</source>
        <translation>Hisho のドキュメント読み取り機能がこのファイルでクラッシュしました。ファイルが破損している可能性があります。開いて新しいコピーを保存（または印刷）し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>Reading “{name}” took longer than {seconds} seconds, so it was stopped. The file may be damaged or very large.</source>
        <translation>「{name}」の読み取りに {seconds} 秒以上かかったため、停止しました。ファイルが破損しているか、非常に大きい可能性があります。</translation>
    </message>
    <message>
        <source>Hisho&apos;s document reader could not start. The log file extract-worker.log says why.</source>
        <translation>Hisho のドキュメント読み取り機能を開始できませんでした。理由はログファイル extract-worker.log に記録されています。</translation>
    </message>
    <message>
        <source>This file is nested too deeply to read; it is probably damaged or made to attack readers.</source>
        <translation>このファイルは入れ子が深すぎるため読み取れません。破損しているか、読み取りソフトへの攻撃を目的に作られた可能性があります。</translation>
    </message>
    <message>
        <source>Hisho couldn&apos;t read this file ({error}); it may be damaged. Open it and save a new copy, then add that.</source>
        <translation>Hisho はこのファイルを読み取れませんでした（{error}）。破損している可能性があります。開いて新しいコピーを保存し、そのファイルを追加してください。</translation>
    </message>
    <message>
        <source>The file was deleted or moved before it could be read.</source>
        <translation>ファイルは読み取る前に削除または移動されました。</translation>
    </message>
    <message>
        <source>The search index at {path} is damaged ({problem}) and could not be moved aside ({error}). Your files and their text are kept.</source>
        <translation>{path} の検索インデックスは破損しており（{problem}）、別の場所に移すこともできませんでした（{error}）。ファイルとそのテキストは保持されています。</translation>
    </message>
    <message>
        <source>Indexing…</source>
        <translation>インデックスを作成中…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Hisho may not read this file. Check its permissions.</source>
        <translation>Hisho にはこのファイルを読み取る権限がありません。アクセス権を確認してください。</translation>
    </message>
    <message>
        <source>The file could not be read ({error}).</source>
        <translation>ファイルを読み取れませんでした（{error}）。</translation>
    </message>
    <message>
        <source>No text found: its pages are blank, or Hisho couldn&apos;t read any text in them.</source>
        <translation>テキストが見つかりません。ページが白紙か、Hisho がページ内の文字を読めませんでした。</translation>
    </message>
    <message>
        <source>Removed from the library.</source>
        <translation>ライブラリから削除されました。</translation>
    </message>
    <message>
        <source>Another Hisho (a window, or `hisho index`) is using your document library. Close it, or use that one, then try again.</source>
        <translation>別の Hisho（ウィンドウまたは `hisho index`）がドキュメントライブラリを使用しています。そちらを閉じてから、もう一度お試しください。または、そちらをお使いください。</translation>
    </message>
    <message>
        <source>the document library</source>
        <translation>ドキュメントライブラリ</translation>
    </message>
    <message>
        <source>A library needs a name.</source>
        <translation>ライブラリには名前が必要です。</translation>
    </message>
    <message>
        <source>opening it took longer than {seconds} s</source>
        <translation>開くのに {seconds} 秒以上かかりました</translation>
    </message>
    <message>
        <source>the check could not start: {error}</source>
        <translation>確認を開始できませんでした: {error}</translation>
    </message>
    <message>
        <source>opening it crashed ({name})</source>
        <translation>開く際にクラッシュしました（{name}）</translation>
    </message>
    <message>
        <source>opening it failed (exit code {code})</source>
        <translation>開くことができませんでした（終了コード {code}）</translation>
    </message>
    <message>
        <source>library “{name}”</source>
        <translation>ライブラリ「{name}」</translation>
    </message>
    <message>
        <source>all your files</source>
        <translation>すべてのファイル</translation>
    </message>
    <message>
        <source>The search index at {path} could not be opened ({error}). Rebuild it with `hisho index --rebuild`; your files and their text are kept.</source>
        <translation>{path} の検索インデックスを開けませんでした（{error}）。`hisho index --rebuild` で再構築してください。ファイルとそのテキストは保持されます。</translation>
    </message>
    <message>
        <source>Indexing stopped: {error}</source>
        <translation>インデックスの作成が停止しました: {error}</translation>
    </message>
    <message>
        <source>The search index was damaged ({problem}). It was kept as {path} and is being rebuilt from the text Hisho keeps of your files; nothing was lost.</source>
        <translation>検索インデックスが破損していました（{problem}）。破損したインデックスは {path} として残し、Hisho が保持しているファイルのテキストから再構築しています。失われたものはありません。</translation>
    </message>
    <message>
        <source>Rebuilding the search index: {done} of {total} passages</source>
        <translation>検索インデックスを再構築中: {total} 件中 {done} 件の抜粋</translation>
    </message>
    <message>
        <source>Re-embedding your files for the new model: {done} of {total} passages</source>
        <translation>新しいモデル用にファイルを埋め込み直しています: {total} 件中 {done} 件の抜粋</translation>
    </message>
    <message>
        <source>No chat model at {path}. Install the default model with `make run` (or `python -m engine.models install-defaults`), or choose a model file with File › Choose chat model…</source>
        <translation>{path} にチャットモデルがありません。`make run`（または `python -m engine.models install-defaults`）で標準のモデルをインストールするか、「ファイル › チャットモデルを選択…」でモデルファイルを選んでください。</translation>
    </message>
    <message>
        <source>The model process stopped while loading {name} ({reason}). The file may be damaged or not a supported model; choose another with File › Choose chat model…</source>
        <translation>{name} の読み込み中にモデルのプロセスが停止しました（{reason}）。ファイルが破損しているか、対応していないモデルの可能性があります。「ファイル › チャットモデルを選択…」で別のモデルを選んでください。</translation>
    </message>
    <message>
        <source>The model could not be loaded.</source>
        <translation>モデルを読み込めませんでした。</translation>
    </message>
    <message>
        <source>Loading {name} took too long and was stopped.</source>
        <translation>{name} の読み込みに時間がかかりすぎたため、停止しました。</translation>
    </message>
    <message>
        <source>The model process stopped while counting tokens ({reason}).</source>
        <translation>トークン数を数えている途中でモデルのプロセスが停止しました（{reason}）。</translation>
    </message>
    <message>
        <source>Counting tokens failed.</source>
        <translation>トークン数を数えられませんでした。</translation>
    </message>
    <message>
        <source>The model process did not answer; it was restarted.</source>
        <translation>モデルのプロセスが応答しなかったため、再起動しました。</translation>
    </message>
    <message>
        <source>The model process stopped unexpectedly ({reason}). The reply so far is kept; send again to retry with a fresh model process.</source>
        <translation>モデルのプロセスが予期せず停止しました（{reason}）。ここまでの回答は残してあります。もう一度送信すると、新しいモデルのプロセスで再試行します。</translation>
    </message>
    <message>
        <source>Generation failed.</source>
        <translation>回答を生成できませんでした。</translation>
    </message>
    <message>
        <source>{name} is not a usable GGUF model: {error}.</source>
        <translation>{name} は使用できる GGUF モデルではありません: {error}。</translation>
    </message>
    <message>
        <source>{path} cannot be read: {error}.</source>
        <translation>{path} を読み取れません: {error}。</translation>
    </message>
    <message>
        <source>Fits: needs about {needed} GB; {free} GB is free.</source>
        <translation>動作可能: 約 {needed} GB が必要で、空きは {free} GB です。</translation>
    </message>
    <message>
        <source>May be slow: needs about {needed} GB; {free} GB is free, so other programs may be pushed to disk.</source>
        <translation>遅い可能性あり: 約 {needed} GB が必要で、空きは {free} GB です。ほかのプログラムがディスクに退避される場合があります。</translation>
    </message>
    <message>
        <source>Won&apos;t fit: needs about {needed} GB; {free} GB is free. Choose a smaller model or a shorter context.</source>
        <translation>メモリ不足: 約 {needed} GB が必要ですが、空きは {free} GB です。小さいモデルを選ぶか、コンテキスト長を短くしてください。</translation>
    </message>
    <message>
        <source>Fits: needs about {needed} GB of memory and {gpu_needed} GB on the GPU; {free} GB and {gpu_free} GB are free.</source>
        <translation>動作可能: メモリ約 {needed} GB と GPU 約 {gpu_needed} GB が必要で、空きはそれぞれ {free} GB と {gpu_free} GB です。</translation>
    </message>
    <message>
        <source>May be slow: needs about {needed} GB of memory and {gpu_needed} GB on the GPU; {free} GB and {gpu_free} GB are free, so other programs may be pushed to disk.</source>
        <translation>遅い可能性あり: メモリ約 {needed} GB と GPU 約 {gpu_needed} GB が必要で、空きはそれぞれ {free} GB と {gpu_free} GB です。ほかのプログラムがディスクに退避される場合があります。</translation>
    </message>
    <message>
        <source>Won&apos;t fit: needs about {needed} GB of memory and {gpu_needed} GB on the GPU; {free} GB and {gpu_free} GB are free. Choose a smaller model or a shorter context.</source>
        <translation>メモリ不足: メモリ約 {needed} GB と GPU 約 {gpu_needed} GB が必要ですが、空きはそれぞれ {free} GB と {gpu_free} GB です。小さいモデルを選ぶか、コンテキスト長を短くしてください。</translation>
    </message>
    <message>
        <source>Won&apos;t fit: the offloaded layers need about {gpu_needed} GB of GPU memory; {gpu_free} GB is free. Offload fewer layers in the model&apos;s settings.</source>
        <translation>メモリ不足: GPU に載せるレイヤーに約 {gpu_needed} GB の GPU メモリが必要ですが、空きは {gpu_free} GB です。モデルの設定で GPU レイヤー数を減らしてください。</translation>
    </message>
    <message>
        <source>No installed model is called “{name}” (see `hisho models list`).</source>
        <translation>「{name}」という名前のモデルはインストールされていません（`hisho models list` を参照してください）。</translation>
    </message>
    <message>
        <source>A model named {name} is already installed.</source>
        <translation>{name} という名前のモデルはすでにインストールされています。</translation>
    </message>
    <message>
        <source>Not enough free space in {folder} for {name}.</source>
        <translation>{folder} には {name} を置く空き容量がありません。</translation>
    </message>
    <message>
        <source>Could not copy {name}: {error}.</source>
        <translation>{name} をコピーできませんでした: {error}。</translation>
    </message>
    <message>
        <source>{name} is the model in use; choose another one first.</source>
        <translation>{name} は使用中のモデルです。先に別のモデルを選んでください。</translation>
    </message>
    <message>
        <source>{path} is not in the models folder; Hisho only deletes its own copies.</source>
        <translation>{path} はモデルフォルダーにありません。Hisho が削除するのは自分のコピーだけです。</translation>
    </message>
    <message>
        <source>Could not delete {name}: {error}.</source>
        <translation>{name} を削除できませんでした: {error}。</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>モデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>The chat template failed: {error}</source>
        <translation>チャットテンプレートでエラーが発生しました: {error}</translation>
    </message>
    <message>
        <source>custom template</source>
        <translation>カスタムテンプレート</translation>
    </message>
    <message>
        <source>llama-cpp-python is missing: {error}</source>
        <translation>llama-cpp-python がありません: {error}</translation>
    </message>
    <message>
        <source>The model could not be loaded ({error}). The file may be damaged, or the model is not supported by this version of llama.cpp: {path}. Choose another model with File › Choose chat model…</source>
        <translation>モデルを読み込めませんでした（{error}）。ファイルが破損しているか、このバージョンの llama.cpp が対応していないモデルの可能性があります: {path}。「ファイル › チャットモデルを選択…」で別のモデルを選んでください。</translation>
    </message>
    <message>
        <source>I couldn&apos;t find anything about that in {scope}. Try other words, or add the document that has the answer.</source>
        <translation>{scope} には、それに関する情報が見つかりませんでした。別の言葉で試すか、答えが載っているドキュメントを追加してください。</translation>
    </message>
    <message>
        <source>the keyring could not start: {error}</source>
        <translation>キーリングを起動できません: {error}</translation>
    </message>
    <message>
        <source>only “{backend}” is available</source>
        <translation>使えるのは「{backend}」のみ</translation>
    </message>
    <message>
        <source>No secure keyring was found ({what}). Hisho keeps API keys only in the system keyring — the Secret Service (GNOME Keyring) or KWallet on Linux, Credential Locker on Windows, the Keychain on macOS — never in a file, so cloud models stay off until one is available.</source>
        <translation>安全なキーリングが見つかりません（{what}）。Hisho は APIキーをシステムのキーリング（Linux では Secret Service（GNOME キーリング）または KWallet、Windows では資格情報マネージャー、macOS ではキーチェーン）にのみ保存し、ファイルには保存しません。そのため、キーリングが使えるようになるまでクラウドモデルはオフのままです。</translation>
    </message>
    <message>
        <source>The keyring refused to give the API key ({error}).</source>
        <translation>キーリングが APIキーの読み出しを拒否しました（{error}）。</translation>
    </message>
    <message>
        <source>The keyring refused to store the API key ({error}).</source>
        <translation>キーリングが APIキーの保存を拒否しました（{error}）。</translation>
    </message>
    <message>
        <source>The keyring refused to forget the API key ({error}).</source>
        <translation>キーリングが APIキーの削除を拒否しました（{error}）。</translation>
    </message>
    <message>
        <source>The settings file is from a newer Hisho (version {version}); defaults are used and the file is left as it is.</source>
        <translation>設定ファイルは新しいバージョンの Hisho のものです（バージョン {version}）。既定の設定を使用し、ファイルはそのまま残します。</translation>
    </message>
    <message>
        <source>Could not read settings ({error}); using defaults.</source>
        <translation>設定を読み込めませんでした（{error}）。既定の設定を使用します。</translation>
    </message>
    <message>
        <source>The settings file was damaged; your settings from the last save were restored (the damaged file is kept as {path}).</source>
        <translation>設定ファイルが破損していたため、前回保存した設定を復元しました（破損したファイルは {path} として残してあります）。</translation>
    </message>
    <message>
        <source>The settings file was damaged; defaults are used (old file: {path}).</source>
        <translation>設定ファイルが破損していたため、既定の設定を使用します（元のファイル: {path}）。</translation>
    </message>
    <message>
        <source>Could not save settings to {path}: {error}.</source>
        <translation>設定を {path} に保存できませんでした: {error}。</translation>
    </message>
    <message>
        <source>Could not save to {what} (the data folder is read-only): {path}. Make the folder writable, then try again. What was saved before is kept.</source>
        <translation>{what}に保存できませんでした（データフォルダーが読み取り専用です）: {path}。フォルダーを書き込み可能にしてから、もう一度お試しください。以前に保存した内容は残っています。</translation>
    </message>
    <message>
        <source>Could not save to {what} (the disk is full): {path}. Free some disk space, then try again. What was saved before is kept.</source>
        <translation>{what}に保存できませんでした（ディスクがいっぱいです）: {path}。ディスクの空き容量を増やしてから、もう一度お試しください。以前に保存した内容は残っています。</translation>
    </message>
    <message>
        <source>Could not save to {what} (another program is using {what}): {path}. Close the other Hisho window. What was saved before is kept.</source>
        <translation>{what}に保存できませんでした（別のプログラムが{what}を使用しています）: {path}。もう一方の Hisho のウィンドウを閉じてください。以前に保存した内容は残っています。</translation>
    </message>
    <message>
        <source>Could not save to {what} (the file is damaged): {path}. Keep a copy of the file for recovery. What was saved before is kept.</source>
        <translation>{what}に保存できませんでした（ファイルが破損しています）: {path}。復旧のためにファイルのコピーを残しておいてください。以前に保存した内容は残っています。</translation>
    </message>
    <message>
        <source>Could not save to {what} ({error}): {path}. Check the folder&apos;s permissions and free space. What was saved before is kept.</source>
        <translation>{what}に保存できませんでした（{error}）: {path}。フォルダーのアクセス権と空き容量を確認してください。以前に保存した内容は残っています。</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>Could not open {what} at {path}: {error}</source>
        <translation>{path} の{what}を開けませんでした: {error}</translation>
    </message>
    <message>
        <source>The model&apos;s context ({count} tokens) is too short to summarize with; choose a context of at least {minimum} tokens in Settings.</source>
        <translation>モデルのコンテキスト（{count} トークン）が短すぎるため要約できません。設定でコンテキスト長を {minimum} トークン以上にしてください。</translation>
    </message>
    <message>
        <source>part {number}</source>
        <translation>部分 {number}</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>{page} ページ</translation>
    </message>
    <message>
        <source>pages {first}–{last}</source>
        <translation>{first}〜{last} ページ</translation>
    </message>
    <message>
        <source>the summary cache</source>
        <translation>要約のキャッシュ</translation>
    </message>
    <message>
        <source>{title} has no text to summarize. If it is a scanned document, Hisho can&apos;t read text in images yet.</source>
        <translation>{title} には要約するテキストがありません。スキャンしたドキュメントの場合、Hisho はまだ画像内のテキストを読み取れません。</translation>
    </message>
    <message>
        <source>A summary prompt of {prompt} tokens does not fit the context ({context} tokens with {reply} for the reply).</source>
        <translation>{prompt} トークンの要約プロンプトがコンテキスト（{context} トークン、うち回答用に {reply} トークン）に収まりません。</translation>
    </message>
    <message>
        <source>The summary prompt was cut to fit: {notices}</source>
        <translation>要約のプロンプトが収まるように切り詰められました: {notices}</translation>
    </message>
    <message>
        <source>The section notes are too long to merge in this context.</source>
        <translation>セクションのメモが長すぎるため、このコンテキストではまとめられません。</translation>
    </message>
    <message>
        <source>The summary did not converge.</source>
        <translation>要約が収束しませんでした。</translation>
    </message>
    <message>
        <source>Hisho can&apos;t summarize {name}: {error}</source>
        <translation>Hisho は {name} を要約できません: {error}</translation>
    </message>
    <message>
        <source>the selected text</source>
        <translation>選択したテキスト</translation>
    </message>
    <message>
        <source>this conversation</source>
        <translation>この会話</translation>
    </message>
    <message>
        <source>the conversation “{name}”</source>
        <translation>会話「{name}」</translation>
    </message>
    <message>
        <source>Summarize {title} ({length})</source>
        <translation>{title} を要約（{length}）</translation>
    </message>
    <message>
        <source>The local model can&apos;t summarize ({error}) — {name} does, as your cloud policy allows.</source>
        <translation>ローカルモデルでは要約できないため（{error}）、クラウドのポリシーに従って {name} が要約します。</translation>
    </message>
    <message>
        <source>The local model can&apos;t summarize: {error}</source>
        <translation>ローカルモデルでは要約できません: {error}</translation>
    </message>
    <message>
        <source>{reason} Summarize {title}. The text goes in {count} requests (all shown); then only {name}&apos;s own notes are sent back to it to be merged.</source>
        <translation>{reason}{title} を要約します。テキストは {count} 件のリクエストで送信されます（すべて表示しています）。その後は、{name} 自身が作成したメモだけを、まとめるために送り返します。</translation>
    </message>
    <message>
        <source>{reason} Summarize {title}.</source>
        <translation>{reason}{title} を要約します。</translation>
    </message>
    <message>
        <source>Stopped after {done} of {total} sections. Summarize again to continue: the finished sections are kept.</source>
        <translation>{total} セクション中 {done} セクションで停止しました。もう一度要約すると続きから再開します。完了したセクションは残してあります。</translation>
    </message>
    <message>
        <source>Not found in your documents: nothing in this answer is in its sources.</source>
        <translation>資料に見つかりません：この回答の内容は出典のどこにもありません。</translation>
    </message>
    <message>
        <source>Reading {names} — your question will be answered when it&apos;s ready.</source>
        <translation>{names} を読み込み中です。準備ができしだい質問に答えます。</translation>
    </message>
    <message>
        <source>brief</source>
        <translation>簡潔</translation>
    </message>
    <message>
        <source>bullet points</source>
        <translation>箇条書き</translation>
    </message>
    <message>
        <source>detailed</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Reading the document…</source>
        <translation>ドキュメントを読み込み中…</translation>
    </message>
    <message>
        <source>Summarizing section {number} of {total}</source>
        <translation>セクションを要約中（{number}/{total}）</translation>
    </message>
    <message>
        <source>Merging notes ({number} of {total})</source>
        <translation>メモを統合中（{number}/{total}）</translation>
    </message>
    <message>
        <source>Writing the summary</source>
        <translation>要約を作成中</translation>
    </message>
    <message>
        <source>Summarizing section {number} of {total} · about {time} left</source>
        <translation>セクションを要約中（{number}/{total}） · 残り約 {time}</translation>
    </message>
    <message>
        <source>Merging notes ({number} of {total}) · about {time} left</source>
        <translation>メモを統合中（{number}/{total}） · 残り約 {time}</translation>
    </message>
    <message>
        <source>Writing the summary · about {time} left</source>
        <translation>要約を作成中 · 残り約 {time}</translation>
    </message>
    <message>
        <source>{count} s</source>
        <translation>{count} 秒</translation>
    </message>
    <message>
        <source>{count} min</source>
        <translation>{count} 分</translation>
    </message>
    <message>
        <source>{count} h</source>
        <translation>{count} 時間</translation>
    </message>
    <message>
        <source>The PDF has no pages.</source>
        <translation>この PDF にはページがありません。</translation>
    </message>
    <message>
        <source>Page {number} could not be drawn ({error}).</source>
        <translation>{number} ページ目を表示できませんでした（{error}）。</translation>
    </message>
    <message>
        <source>The PDF could not be opened ({error}).</source>
        <translation>PDF を開けませんでした（{error}）。</translation>
    </message>
    <message>
        <source>The model catalog {path} is damaged ({reason}); no models are offered.</source>
        <translation>モデルカタログ {path} が壊れているため（{reason}）、モデルを表示できません。</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>おすすめ</translation>
    </message>
    <message>
        <source>Also good</source>
        <translation>こちらもおすすめ</translation>
    </message>
    <message>
        <source>Too big for this computer</source>
        <translation>このコンピューターには大きすぎます</translation>
    </message>
    <message>
        <source>on the GPU here: faster than on the processor</source>
        <translation>このコンピューターの GPU で動作（プロセッサーより高速）</translation>
    </message>
    <message>
        <source>less than one word a second here</source>
        <translation>ここでは1秒に1語未満</translation>
    </message>
    <message>
        <source>about one word a second here</source>
        <translation>ここでは1秒に約1語</translation>
    </message>
    <message>
        <source>about {words} words a second here</source>
        <translation>ここでは1秒に約 {words} 語</translation>
    </message>
    <message>
        <source>Needs about {needed} GB of memory.</source>
        <translation>約 {needed} GB のメモリが必要です。</translation>
    </message>
    <message>
        <source>The local API listens only on this computer (127.0.0.1) unless you allow another address in Settings › Local API: {host} would let other computers on the network try to reach Hisho.</source>
        <translation>ローカル API は、設定 › ローカル API でほかのアドレスを許可しない限り、このコンピューター (127.0.0.1) でのみ待ち受けます。{host} を使うと、ネットワーク上のほかのコンピューターが Hisho に接続を試みられるようになります。</translation>
    </message>
    <message>
        <source>The local API&apos;s port must be from 1024 to 65535.</source>
        <translation>ローカル API のポートは 1024 から 65535 の間で指定してください。</translation>
    </message>
    <message>
        <source>The local API could not listen on {host}:{port} ({error}). Another program (or another Hisho, e.g. `hisho serve`) may use the port: choose another in Settings › Local API.</source>
        <translation>ローカル API は {host}:{port} で待ち受けできませんでした ({error})。ほかのプログラム (または `hisho serve` などの別の Hisho) がこのポートを使っている可能性があります。設定 › ローカル API で別のポートを選んでください。</translation>
    </message>
    <message>
        <source>the local API log</source>
        <translation>ローカル API のログ</translation>
    </message>
    <message>
        <source>{host} is not on this computer or your own network, so it can&apos;t be “My server”. Add it as a cloud provider in Settings › Cloud (it then asks before sending).</source>
        <translation>{host} はこのコンピューターにも自分のネットワークにもないため、「マイサーバー」にはできません。設定 › クラウド でクラウドプロバイダーとして追加してください (その場合は送信前に確認します)。</translation>
    </message>
    <message>
        <source>The server&apos;s address must look like http://192.168.1.20:11434/v1.</source>
        <translation>サーバーのアドレスは http://192.168.1.20:11434/v1 のような形式にしてください。</translation>
    </message>
    <message>
        <source>The name {host} could not be looked up ({error}).</source>
        <translation>名前 {host} を解決できませんでした ({error})。</translation>
    </message>
    <message>
        <source>{name} at {url} did not list its models ({error}).</source>
        <translation>{url} の {name} はモデルの一覧を返しませんでした ({error})。</translation>
    </message>
    <message>
        <source>no messages</source>
        <translation>メッセージがありません</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>JSON オブジェクトではありません</translation>
    </message>
    <message>
        <source>its “{field}” is missing or damaged</source>
        <translation>「{field}」がないか壊れています</translation>
    </message>
    <message>
        <source>Could not write {path} ({error}). Choose another folder; nothing was written there.</source>
        <translation>{path} に書き込めませんでした（{error}）。別のフォルダーを選んでください。そこには何も書き込んでいません。</translation>
    </message>
    <message>
        <source>Could not read {path}: {error}</source>
        <translation>{path} を読み込めませんでした：{error}</translation>
    </message>
    <message>
        <source>{name} is not a conversation export (it is not JSON). Choose the zip that ChatGPT or Claude sent, the conversations.json inside it, or a Hisho JSON export.</source>
        <translation>{name} は会話のエクスポートではありません（JSON ではありません）。ChatGPT または Claude から届いた zip、その中の conversations.json、または Hisho の JSON エクスポートを選んでください。</translation>
    </message>
    <message>
        <source>This zip is password-protected; Hisho can&apos;t open it.</source>
        <translation>この zip はパスワードで保護されているため、Hisho では開けません。</translation>
    </message>
    <message>
        <source>This zip is damaged or incomplete ({error}). Download the export again.</source>
        <translation>この zip は壊れているか、不完全です（{error}）。エクスポートをもう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <source>This zip holds no conversations.json, so it is not a ChatGPT or Claude export. Choose the zip their “Export data” sent.</source>
        <translation>この zip には conversations.json がないため、ChatGPT や Claude のエクスポートではありません。それぞれの「データをエクスポート」で届いた zip を選んでください。</translation>
    </message>
    <message>
        <source>This zip would unpack to far more data than a conversation export holds ({size} MB), so Hisho doesn&apos;t open it.</source>
        <translation>この zip は展開すると会話のエクスポートとしては大きすぎるデータ（{size} MB）になるため、Hisho は開きません。</translation>
    </message>
    <message>
        <source>not a conversation</source>
        <translation>会話ではありません</translation>
    </message>
    <message>
        <source>conversation {number}</source>
        <translation>{number} 番目の会話</translation>
    </message>
    <message>
        <source>The file is damaged where its first conversation begins ({error}), so nothing could be imported. Download the export again.</source>
        <translation>最初の会話が始まる箇所でファイルが壊れているため（{error}）、何も取り込めませんでした。エクスポートをもう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <source>The file breaks off after conversation {count} ({error}); the conversations before it were imported. Download the export again to get the rest.</source>
        <translation>ファイルは {count} 件目の会話の後で途切れています（{error}）。それまでの会話は取り込みました。残りを取り込むには、エクスポートをもう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <source>{name} is JSON but not a conversation export Hisho knows (ChatGPT, Claude or Hisho). Nothing was imported.</source>
        <translation>{name} は JSON ですが、Hisho が読める会話のエクスポート（ChatGPT、Claude、Hisho）ではありません。何も取り込んでいません。</translation>
    </message>
    <message>
        <source>not a compound file</source>
        <translation>複合ファイルではありません</translation>
    </message>
    <message>
        <source>bad sector sizes</source>
        <translation>セクターの大きさが不正です</translation>
    </message>
    <message>
        <source>a sector past the end of the file</source>
        <translation>ファイルの末尾を越えたセクターがあります</translation>
    </message>
    <message>
        <source>more allocation sectors than the file holds</source>
        <translation>ファイルに収まらない数の割り当てセクターがあります</translation>
    </message>
    <message>
        <source>a sector chain loops or runs off the table</source>
        <translation>セクターの連鎖がループしているか、表の外を指しています</translation>
    </message>
    <message>
        <source>no root entry</source>
        <translation>ルートエントリがありません</translation>
    </message>
    <message>
        <source>the directory tree loops</source>
        <translation>ディレクトリツリーがループしています</translation>
    </message>
    <message>
        <source>not a stream</source>
        <translation>ストリームではありません</translation>
    </message>
    <message>
        <source>a stream is shorter than it says</source>
        <translation>ストリームが記載された長さより短くなっています</translation>
    </message>
    <message>
        <source>The rest of this file is not valid CSV; the rows before that were read.</source>
        <translation>このファイルの途中から先は正しい CSV ではありません。それより前の行は読み取りました。</translation>
    </message>
    <message>
        <source>This e-book is damaged and can&apos;t be opened ({detail}). Get the file again.</source>
        <translation>この電子書籍は破損しているため開けません（{detail}）。ファイルをもう一度入手してください。</translation>
    </message>
    <message>
        <source>This e-book is locked with DRM (copy protection), so its text can&apos;t be read. Use a copy without DRM, or export it as PDF from the app that opens it.</source>
        <translation>この電子書籍は DRM（コピー防止）で保護されているため、本文を読み取れません。DRM のないコピーを使うか、この本を開けるアプリから PDF として書き出してください。</translation>
    </message>
    <message>
        <source>This e-book holds more text than Hisho reads; its last chapters were left out.</source>
        <translation>この電子書籍には Hisho が読み取る量を超えるテキストがあるため、最後のほうの章は読み取っていません。</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（件名なし）</translation>
    </message>
    <message>
        <source>Attachments nested more than {depth} levels deep were not read.</source>
        <translation>{depth} 階層より深く入れ子になった添付ファイルは読み取っていません。</translation>
    </message>
    <message>
        <source>Some attachments were not read: the message holds more than Hisho reads.</source>
        <translation>一部の添付ファイルは読み取っていません。このメッセージには Hisho が読み取る量を超える内容があります。</translation>
    </message>
    <message>
        <source>These attachments could not be read (damaged, or a kind Hisho doesn&apos;t read): {names}.</source>
        <translation>次の添付ファイルは読み取れませんでした（破損しているか、Hisho が読み取れない種類です）: {names}。</translation>
    </message>
    <message>
        <source>This message is nested too deeply to read; it is probably damaged or made to attack mail readers.</source>
        <translation>このメッセージは入れ子が深すぎて読み取れません。破損しているか、メールソフトを攻撃するために作られたものと思われます。</translation>
    </message>
    <message>
        <source>This mailbox is larger than Hisho reads in the time it gives one file: the first {count} messages were read.</source>
        <translation>このメールボックスは、Hisho が 1 つのファイルにかける時間内に読み切れない大きさです。最初の {count} 件のメッセージを読み取りました。</translation>
    </message>
    <message>
        <source>This mailbox holds more than Hisho reads: {count} messages were read, some of them in part.</source>
        <translation>このメールボックスには Hisho が読み取る量を超える内容があります。{count} 件のメッセージを読み取りましたが、一部は途中までしか読み取っていません。</translation>
    </message>
    <message>
        <source>This Outlook message is larger than Hisho reads ({size} MB).</source>
        <translation>この Outlook メッセージは Hisho が読み取れる大きさ（{size} MB）を超えています。</translation>
    </message>
    <message>
        <source>This Outlook message is damaged and can&apos;t be opened ({error}). Open it in Outlook and save it again.</source>
        <translation>この Outlook メッセージは破損しているため開けません（{error}）。Outlook で開いて保存し直してください。</translation>
    </message>
    <message>
        <source>This document is protected by a password. Open it in LibreOffice, remove the password (File › Properties › Security), save, and add it again.</source>
        <translation>このドキュメントはパスワードで保護されています。LibreOffice で開いてパスワードを解除し（ファイル › プロパティ › セキュリティ）、保存してからもう一度追加してください。</translation>
    </message>
    <message>
        <source>This OpenDocument file is damaged and can&apos;t be opened. It has no content part.</source>
        <translation>この OpenDocument ファイルは破損しているため開けません。本文のパーツがありません。</translation>
    </message>
    <message>
        <source>This presentation is damaged and can&apos;t be opened. It has no presentation part.</source>
        <translation>このプレゼンテーションは破損しているため開けません。プレゼンテーションのパーツがありません。</translation>
    </message>
    <message>
        <source>This spreadsheet is larger than Hisho reads in the time it gives one file: only the first {rows} rows of sheet “{sheet}” (and the sheets before it) were read.</source>
        <translation>このスプレッドシートは、Hisho が 1 つのファイルにかける時間内に読み切れない大きさです。シート「{sheet}」の最初の {rows} 行（とそれより前のシート）だけを読み取りました。</translation>
    </message>
    <message>
        <source>This spreadsheet holds more text than Hisho reads: only the first {rows} rows of sheet “{sheet}” (and the sheets before it) were read.</source>
        <translation>このスプレッドシートには Hisho が読み取る量を超えるテキストがあります。シート「{sheet}」の最初の {rows} 行（とそれより前のシート）だけを読み取りました。</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>ノート:</translation>
    </message>
    <message>
        <source>This workbook&apos;s formulas were saved without their results (a program that doesn&apos;t calculate wrote it), so there is nothing to read. Open it in Excel or LibreOffice, save it, and add it again.</source>
        <translation>このブックの数式は計算結果なしで保存されているため（計算を行わないプログラムで作られたファイルです）、読み取れる内容がありません。Excel または LibreOffice で開いて保存し、もう一度追加してください。</translation>
    </message>
    <message>
        <source>This workbook is damaged and can&apos;t be opened. It has no workbook part.</source>
        <translation>このブックは破損しているため開けません。ブックのパーツがありません。</translation>
    </message>
    <message>
        <source>{count} formulas were saved without their results, so their cells read as empty. Open the workbook in Excel or LibreOffice and save it to include them.</source>
        <translation>{count} 個の数式が計算結果なしで保存されているため、それらのセルは空として読み取りました。結果も含めるには、ブックを Excel または LibreOffice で開いて保存してください。</translation>
    </message>
    <message>
        <source>{words} is not in the document</source>
        <translation>{words} は文書にありません</translation>
    </message>
    <message>
        <source>{words} are not in the document</source>
        <translation>{words} は文書にありません</translation>
    </message>
    <message>
        <source>{words}: this answer has no sources.</source>
        <translation>{words}：この回答には出典がありません。</translation>
    </message>
    <message>
        <source>{words} is not in source {sources}</source>
        <translation>{words} は出典 {sources} にありません</translation>
    </message>
    <message>
        <source>{words} are not in source {sources}</source>
        <translation>{words} は出典 {sources} にありません</translation>
    </message>
    <message>
        <source>{words} is not in sources {sources}</source>
        <translation>{words} は出典 {sources} にありません</translation>
    </message>
    <message>
        <source>{words} are not in sources {sources}</source>
        <translation>{words} は出典 {sources} にありません</translation>
    </message>
    <message>
        <source>There is no source [{number}].</source>
        <translation>出典 [{number}] はありません。</translation>
    </message>
    <message>
        <source>Found in source [{found}], not in {cited}.</source>
        <translation>{cited} ではなく出典 [{found}] にあります。</translation>
    </message>
    <message>
        <source>{names} is still being read. Ask again when it&apos;s ready.</source>
        <translation>{names} はまだ読み込み中です。準備ができてからもう一度質問してください。</translation>
    </message>
    <message>
        <source>I couldn&apos;t read {names}: {error}</source>
        <translation>{names} を読み込めませんでした：{error}</translation>
    </message>
    <message>
        <source>You haven&apos;t added any files yet. Add the document that has the answer.</source>
        <translation>まだファイルが追加されていません。答えが書かれた文書を追加してください。</translation>
    </message>
    <message>
        <source>There are no files in {scope} yet. Add the document that has the answer.</source>
        <translation>{scope} にはまだファイルがありません。答えが書かれた文書を追加してください。</translation>
    </message>
    <message>
        <source>Your documents say: “{sentence}” [{number}]</source>
        <translation>資料には「{sentence}」[{number}] とあります。</translation>
    </message>
    <message>
        <source>Summarize the following text in a few short bullet points:</source>
        <translation>次の文章を短い箇条書きで要約してください：</translation>
    </message>
    <message>
        <source>Translate the following text into English (if it is in English, into Japanese):</source>
        <translation>次の文章を英語に翻訳してください（英語の場合は日本語に）：</translation>
    </message>
    <message>
        <source>That message no longer exists.</source>
        <translation>そのメッセージはもうありません。</translation>
    </message>
    <message>
        <source>The Chroma server at {address} isn&apos;t answering ({error}). Libraries kept on this computer still work; this one comes back when the server does.</source>
        <translation>{address} の Chroma サーバーが応答しません ({error})。このコンピューターのライブラリは引き続き使えます。このライブラリはサーバーが戻ると使えるようになります。</translation>
    </message>
    <message>
        <source>The Chroma server at {address} refused the token ({error}). Check the token you gave for this library.</source>
        <translation>{address} の Chroma サーバーがトークンを拒否しました ({error})。このライブラリに入力したトークンを確認してください。</translation>
    </message>
    <message>
        <source>A Chroma server&apos;s address must look like https://chroma.example.org:8000.</source>
        <translation>Chroma サーバーのアドレスは https://chroma.example.org:8000 のような形式にしてください。</translation>
    </message>
    <message>
        <source>{host} is not on this computer or your own network, so Hisho talks to it only over https (plain http would send your documents and the token readable on the way).</source>
        <translation>{host} はこのコンピューターにも自分のネットワークにもないため、Hisho は https でのみ通信します (http では文書とトークンが途中で読める状態で送られます)。</translation>
    </message>
    <message>
        <source>The collection “{collection}” on the Chroma server at {address} holds vectors of {found}; this library uses {model}. Choose another collection, or the same model.</source>
        <translation>{address} の Chroma サーバーのコレクション「{collection}」には {found} のベクトルが入っています。このライブラリは {model} を使います。別のコレクションか同じモデルを選んでください。</translation>
    </message>
    <message>
        <source>The call gave no “{name}”.</source>
        <translation>呼び出しに「{name}」がありません。</translation>
    </message>
    <message>
        <source>Nothing was found in the files.</source>
        <translation>ファイルには見つかりませんでした。</translation>
    </message>
    <message>
        <source>The page must be a number.</source>
        <translation>ページは数字で指定してください。</translation>
    </message>
    <message>
        <source>No indexed text on page {page} of {name}.</source>
        <translation>{name} の {page} ページには読み込まれたテキストがありません。</translation>
    </message>
    <message>
        <source>No indexed file is called {name}.</source>
        <translation>{name} という読み込み済みのファイルはありません。</translation>
    </message>
    <message>
        <source>The calculator can&apos;t compute {what}.</source>
        <translation>電卓は {what} を計算できません。</translation>
    </message>
    <message>
        <source>a power that large</source>
        <translation>それほど大きなべき乗</translation>
    </message>
    <message>
        <source>The calculator found no value: {error}</source>
        <translation>電卓は値を求められませんでした: {error}</translation>
    </message>
    <message>
        <source>the Tools log</source>
        <translation>ツールのログ</translation>
    </message>
    <message>
        <source>The call&apos;s arguments are not JSON: {text}</source>
        <translation>呼び出しの引数が JSON ではありません: {text}</translation>
    </message>
    <message>
        <source>The call&apos;s arguments are not an object.</source>
        <translation>呼び出しの引数がオブジェクトではありません。</translation>
    </message>
    <message>
        <source>This tool cannot run.</source>
        <translation>このツールは実行できません。</translation>
    </message>
    <message>
        <source>There is no tool called {name}.</source>
        <translation>{name} というツールはありません。</translation>
    </message>
    <message>
        <source>You did not allow this call.</source>
        <translation>この呼び出しは許可されませんでした。</translation>
    </message>
    <message>
        <source>The tool server {name} could not be started or reached: {error}</source>
        <translation>ツールサーバー {name} を起動できないか、接続できませんでした: {error}</translation>
    </message>
    <message>
        <source>The tool server {name} stopped during {tool} ({error}). The chat goes on; the server starts again with its next use.</source>
        <translation>ツールサーバー {name} が {tool} の実行中に停止しました（{error}）。チャットは続けられます。サーバーは次に使うときに再び起動します。</translation>
    </message>
    <message>
        <source>{server} › {tool} failed: {error}</source>
        <translation>{server} › {tool} が失敗しました: {error}</translation>
    </message>
    <message>
        <source>The tool server {name} did not answer within {seconds} s; the call was stopped and the server will be started again with its next use.</source>
        <translation>ツールサーバー {name} が {seconds} 秒以内に応答しませんでした。呼び出しを止めました。サーバーは次に使うときに再び起動します。</translation>
    </message>
    <message>
        <source>The call to {name} was stopped.</source>
        <translation>{name} の呼び出しを止めました。</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>不明なエラー</translation>
    </message>
    <message>
        <source>[The result was too large ({size} MB) and was cut to {kept} KB.]</source>
        <translation>［結果が大きすぎるため（{size} MB）、{kept} KB に切り詰めました。］</translation>
    </message>
    <message>
        <source>All of {name} fits this model&apos;s context ({tokens} tokens).</source>
        <translation>{name} は全体（{tokens} トークン）がこのモデルのコンテキストに収まります。</translation>
    </message>
    <message>
        <source>About {percent}% of {name} fits this model&apos;s context.</source>
        <translation>{name} のおよそ {percent}% がこのモデルのコンテキストに収まります。</translation>
    </message>
    <message>
        <source>Page {number} could not be drawn to be read.</source>
        <translation>{number} ページ目を読み取り用に描画できませんでした。</translation>
    </message>
    <message>
        <source>Reading page {number} of {total} (scanned)</source>
        <translation>{total} ページ中 {number} ページ目を読んでいます（スキャン）</translation>
    </message>
    <message>
        <source>1 scanned page could not be read.</source>
        <translation>スキャンされたページを 1 ページ読めませんでした。</translation>
    </message>
    <message>
        <source>{count} scanned pages could not be read.</source>
        <translation>スキャンされたページを {count} ページ読めませんでした。</translation>
    </message>
    <message>
        <source>Reading was stopped; scanned pages not read: {count}.</source>
        <translation>読み取りが中止されました。読んでいないスキャンページ: {count}。</translation>
    </message>
    <message>
        <source>The file is not JSON: {error}</source>
        <translation>ファイルが JSON ではありません: {error}</translation>
    </message>
    <message>
        <source>The file has no “mcpServers” object.</source>
        <translation>ファイルに「mcpServers」オブジェクトがありません。</translation>
    </message>
</context>
<context>
    <name>EvidenceQuote</name>
    <message>
        <source>In your documents</source>
        <translation>資料の該当箇所</translation>
    </message>
    <message>
        <source>Open this page of {name}</source>
        <translation>{name} のこのページを開く</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Export conversation</source>
        <translation>会話をエクスポート</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown ファイル (*.md)</translation>
    </message>
    <message>
        <source>Markdown, including thinking (*.md)</source>
        <translation>Markdown ファイル、思考を含む (*.md)</translation>
    </message>
    <message>
        <source>Could not export to {path}: {error}</source>
        <translation>{path} にエクスポートできませんでした：{error}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>{path} にエクスポートしました</translation>
    </message>
</context>
<context>
    <name>GlobalShortcut</name>
    <message>
        <source>“{text}” is not one key combination, like Ctrl+Alt+Space.</source>
        <translation>「{text}」は Ctrl+Alt+Space のような 1 つのキーの組み合わせではありません。</translation>
    </message>
    <message>
        <source>{shortcut} has no Ctrl, Alt or Super key: as a global shortcut it would take that key away from every other program.</source>
        <translation>{shortcut} には Ctrl、Alt、Super のいずれのキーも含まれていません。グローバルショートカットにすると、ほかのすべてのプログラムでそのキーが使えなくなります。</translation>
    </message>
    <message>
        <source>Hisho cannot use {shortcut} as a global shortcut; try {default}.</source>
        <translation>{shortcut} はグローバルショートカットに使えません。{default} をお試しください。</translation>
    </message>
    <message>
        <source>Wayland does not let apps listen for keys pressed in other windows. Add a shortcut in your desktop&apos;s keyboard settings that runs the command below: it opens the quick prompt of the running Hisho.</source>
        <translation>Wayland では、ほかのウィンドウで押されたキーをアプリが受け取れません。デスクトップのキーボード設定で、下のコマンドを実行するショートカットを追加してください。起動中の Hisho のクイックプロンプトが開きます。</translation>
    </message>
    <message>
        <source>This desktop runs on Wayland: the shortcut works only while an X11 window has the focus. For one that always works, add a shortcut in your desktop&apos;s keyboard settings that runs the command below.</source>
        <translation>このデスクトップは Wayland で動いているため、ショートカットは X11 のウィンドウにフォーカスがあるときだけ働きます。いつでも使えるようにするには、デスクトップのキーボード設定で、下のコマンドを実行するショートカットを追加してください。</translation>
    </message>
    <message>
        <source>Global shortcuts are not available here (Qt platform “{platform}”).</source>
        <translation>この環境ではグローバルショートカットを使えません（Qt プラットフォーム「{platform}」）。</translation>
    </message>
    <message>
        <source>{shortcut}: this keyboard layout has no such key.</source>
        <translation>{shortcut}：このキーボード配列にはそのキーがありません。</translation>
    </message>
    <message>
        <source>{shortcut} is already used by another program. Choose another shortcut.</source>
        <translation>{shortcut} はほかのプログラムがすでに使っています。別のショートカットを選んでください。</translation>
    </message>
    <message>
        <source>Could not set {shortcut} as a global shortcut ({system} error {code}). Choose another shortcut.</source>
        <translation>{shortcut} をグローバルショートカットに設定できませんでした（{system} のエラー {code}）。別のショートカットを選んでください。</translation>
    </message>
    <message>
        <source>macOS&apos;s Carbon framework could not be loaded ({error}).</source>
        <translation>macOS の Carbon フレームワークを読み込めませんでした（{error}）。</translation>
    </message>
    <message>
        <source>Could not listen for global shortcuts (macOS error {error}).</source>
        <translation>グローバルショートカットを受け取れませんでした（macOS のエラー {error}）。</translation>
    </message>
    <message>
        <source>libX11 is not installed, so Hisho cannot listen for a global shortcut.</source>
        <translation>libX11 がインストールされていないため、Hisho はグローバルショートカットを受け取れません。</translation>
    </message>
    <message>
        <source>Could not connect to the X display {display}.</source>
        <translation>X ディスプレイ {display} に接続できませんでした。</translation>
    </message>
</context>
<context>
    <name>GpuLayersBox</name>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>None (processor only)</source>
        <translation>なし（CPU のみ）</translation>
    </message>
    <message>
        <source>Automatic puts as many layers on the GPU as fit in its free memory.</source>
        <translation>「自動」では、GPU の空きメモリに収まるだけのレイヤーを GPU に載せます。</translation>
    </message>
</context>
<context>
    <name>HishoApp</name>
    <message>
        <source>Conversations in this session will not be saved. Nothing was deleted.</source>
        <translation>このセッションの会話は保存されません。削除されたものはありません。</translation>
    </message>
    <message>
        <source>The history was restored from the backup of {date}. The damaged file is kept as {aside}.</source>
        <translation>履歴を {date} のバックアップから復元しました。破損したファイルは {aside} として残してあります。</translation>
    </message>
    <message>
        <source>A new history was started; the damaged file is kept as {aside}.</source>
        <translation>新しい履歴を開始しました。破損したファイルは {aside} として残してあります。</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <source>Imported {count} conversation from {source}.</source>
        <translation>{source} から {count} 件の会話を取り込みました。</translation>
    </message>
    <message>
        <source>Imported {count} conversations from {source}.</source>
        <translation>{source} から {count} 件の会話を取り込みました。</translation>
    </message>
    <message>
        <source>Stopped after importing {count} conversation from {source}; import the file again to add the rest.</source>
        <translation>{source} から {count} 件の会話を取り込んだところで中止しました。残りを追加するには、もう一度このファイルを取り込んでください。</translation>
    </message>
    <message>
        <source>Stopped after importing {count} conversations from {source}; import the file again to add the rest.</source>
        <translation>{source} から {count} 件の会話を取り込んだところで中止しました。残りを追加するには、もう一度このファイルを取り込んでください。</translation>
    </message>
    <message>
        <source>{count} conversation was already here.</source>
        <translation>{count} 件の会話はすでにありました。</translation>
    </message>
    <message>
        <source>{count} conversations were already here.</source>
        <translation>{count} 件の会話はすでにありました。</translation>
    </message>
    <message>
        <source>The file holds no conversations.</source>
        <translation>このファイルには会話がありません。</translation>
    </message>
    <message>
        <source>{count} skipped: {names}.</source>
        <translation>{count} 件をスキップしました：{names}。</translation>
    </message>
    <message>
        <source>{count} had other branches (edited questions or regenerated answers): the branch you last saw was imported.</source>
        <translation>{count} 件には別の分岐（編集した質問や再生成した回答）がありました。最後に表示していた分岐を取り込みました。</translation>
    </message>
    <message>
        <source>{count} had other branches (edited questions or regenerated answers): they are kept as versions (‹ › under a message).</source>
        <translation>{count} 件には別の分岐（編集した質問や再生成した回答）がありました。メッセージの下の ‹ › で切り替えられるバージョンとして残しました。</translation>
    </message>
    <message>
        <source>{name} ({reason})</source>
        <translation>{name}（{reason}）</translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation>{names} ほか {count} 件</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>My files</source>
        <translation>マイファイル</translation>
    </message>
</context>
<context>
    <name>LibraryController</name>
    <message>
        <source>Spreadsheets</source>
        <translation>スプレッドシート</translation>
    </message>
    <message>
        <source>Presentations</source>
        <translation>プレゼンテーション</translation>
    </message>
    <message>
        <source>E-books and documents</source>
        <translation>電子書籍とドキュメント</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Web pages</source>
        <translation>Web ページ</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Source code</source>
        <translation>ソースコード</translation>
    </message>
    <message>
        <source>Documents ({patterns})</source>
        <translation>ドキュメント ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>すべてのファイル (*)</translation>
    </message>
    <message>
        <source>New library</source>
        <translation>新しいライブラリ</translation>
    </message>
    <message>
        <source>Name of the new library:</source>
        <translation>新しいライブラリの名前：</translation>
    </message>
    <message>
        <source>Add files to {library}</source>
        <translation>{library} にファイルを追加</translation>
    </message>
    <message>
        <source>Add a folder to {library}</source>
        <translation>{library} にフォルダーを追加</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 個のファイル</translation>
    </message>
    <message>
        <source>{count} files</source>
        <translation>{count} 個のファイル</translation>
    </message>
    <message>
        <source>Reading {files} into {library}…</source>
        <translation>{files}を {library} に読み込み中…</translation>
    </message>
    <message>
        <source>Already in {library}: nothing new to read.</source>
        <translation>すでに {library} にあります。新しく読み込むものはありません。</translation>
    </message>
    <message>
        <source>Nothing was added: no files were found there.</source>
        <translation>何も追加されませんでした。そこにファイルが見つかりませんでした。</translation>
    </message>
    <message>
        <source>Remove from library</source>
        <translation>ライブラリから削除</translation>
    </message>
    <message>
        <source>Remove “{name}” from {library}? The file itself stays where it is on your disk.</source>
        <translation>「{name}」を {library} から削除しますか？ファイル自体はディスク上の元の場所に残ります。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Remove library</source>
        <translation>ライブラリを削除</translation>
    </message>
    <message>
        <source>Remove the library “{name}” and forget its files? The files themselves stay where they are on your disk.</source>
        <translation>ライブラリ「{name}」を削除し、そのファイルの登録を解除しますか？ファイル自体はディスク上の元の場所に残ります。</translation>
    </message>
    <message>
        <source>{count} passages</source>
        <translation>{count} 件</translation>
    </message>
    <message>
        <source>1 passage</source>
        <translation>1 件</translation>
    </message>
    <message>
        <source>Re-index your files?</source>
        <translation>ファイルのインデックスを作り直しますか？</translation>
    </message>
    <message>
        <source>Searching with {new} needs every passage of your files embedded again ({count}). Hisho does it in the background; until it is done, searches find fewer passages.</source>
        <translation>{new} で検索するには、ファイルのすべての抜粋（{count}）を埋め込み直す必要があります。Hisho がバックグラウンドで行います。完了するまでは、検索で見つかる抜粋が少なくなります。</translation>
    </message>
    <message>
        <source>Re-index</source>
        <translation>インデックスを再作成</translation>
    </message>
    <message>
        <source>The embedding model stays {old}; nothing was re-indexed.</source>
        <translation>埋め込みモデルは {old} のままです。インデックスは再作成していません。</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>New library…</source>
        <translation>新しいライブラリ…</translation>
    </message>
    <message>
        <source>Waiting to be read</source>
        <translation>読み込み待ち</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>No text found — scanned?</source>
        <translation>テキストが見つかりません — スキャン画像ですか？</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>失敗：{error}</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>未対応の形式</translation>
    </message>
    <message>
        <source>{count} page</source>
        <translation>{count} ページ</translation>
    </message>
    <message>
        <source>{count} pages</source>
        <translation>{count} ページ</translation>
    </message>
    <message>
        <source>{count} passage</source>
        <translation>{count} 件の抜粋</translation>
    </message>
    <message>
        <source>{count} passages</source>
        <translation>{count} 件の抜粋</translation>
    </message>
    <message>
        <source>partly read</source>
        <translation>一部のみ読み込み</translation>
    </message>
    <message>
        <source>a few seconds left</source>
        <translation>残り数秒</translation>
    </message>
    <message>
        <source>about {seconds} s left</source>
        <translation>残り約 {seconds} 秒</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation>残り約 {minutes} 分</translation>
    </message>
    <message>
        <source>about {hours} h left</source>
        <translation>残り約 {hours} 時間</translation>
    </message>
    <message>
        <source>{done} of {total} file</source>
        <translation>{done} / {total} ファイル</translation>
    </message>
    <message>
        <source>{done} of {total} files</source>
        <translation>{done} / {total} ファイル</translation>
    </message>
    <message>
        <source>Paused · {counts}</source>
        <translation>一時停止中 · {counts}</translation>
    </message>
    <message>
        <source>Cancelled · {counts} read</source>
        <translation>キャンセル済み · {counts} 読み込み済み</translation>
    </message>
    <message>
        <source>Done · {count} file read</source>
        <translation>完了 · {count} ファイルを読み込みました</translation>
    </message>
    <message>
        <source>Done · {count} files read</source>
        <translation>完了 · {count} ファイルを読み込みました</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <source>The library new files are added to</source>
        <translation>新しいファイルの追加先ライブラリ</translation>
    </message>
    <message>
        <source>Library actions</source>
        <translation>ライブラリの操作</translation>
    </message>
    <message>
        <source>New library, remove library</source>
        <translation>新しいライブラリ、ライブラリの削除</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <source>Add files to the library</source>
        <translation>ライブラリにファイルを追加</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <source>Add a folder to the library</source>
        <translation>ライブラリにフォルダーを追加</translation>
    </message>
    <message>
        <source>Files in the library</source>
        <translation>ライブラリ内のファイル</translation>
    </message>
    <message>
        <source>Drop PDFs, Word files, notes or whole folders here, then ask about them.</source>
        <translation>PDF、Word ファイル、メモ、フォルダーをここにドロップして、その内容について質問できます。</translation>
    </message>
    <message>
        <source>No files yet</source>
        <translation>ファイルはまだありません</translation>
    </message>
    <message>
        <source>Indexing progress</source>
        <translation>インデックス作成の進行状況</translation>
    </message>
    <message>
        <source>Indexing status</source>
        <translation>インデックス作成の状態</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Pause indexing</source>
        <translation>インデックス作成を一時停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>インデックス作成をキャンセル</translation>
    </message>
    <message>
        <source>Remove “{name}”…</source>
        <translation>「{name}」を削除…</translation>
    </message>
    <message>
        <source>Remove library…</source>
        <translation>ライブラリを削除…</translation>
    </message>
    <message>
        <source>Ask about this file</source>
        <translation>このファイルについて質問</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>要約する</translation>
    </message>
    <message>
        <source>Remove from library…</source>
        <translation>ライブラリから削除…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Resume indexing</source>
        <translation>インデックス作成を再開</translation>
    </message>
</context>
<context>
    <name>LocalApiController</name>
    <message>
        <source>The local API is running at {url}</source>
        <translation>ローカル API は {url} で動作しています</translation>
    </message>
    <message>
        <source>The local API did not start: {error}</source>
        <translation>ローカル API を開始できませんでした: {error}</translation>
    </message>
    <message>
        <source>Running at {url}</source>
        <translation>{url} で動作中</translation>
    </message>
    <message>
        <source>`hisho serve` is running at {url} (process {pid}).</source>
        <translation>`hisho serve` が {url} で動作中です (プロセス {pid})。</translation>
    </message>
    <message>
        <source>Off.</source>
        <translation>オフです。</translation>
    </message>
</context>
<context>
    <name>LocalApiPage</name>
    <message>
        <source>Off unless you turn it on. Then programs on this computer that speak the OpenAI API (editors, scripts, chat apps) can use Hisho&apos;s model, with the token below. The model “hisho-library” answers from your documents, with sources; each program must first be allowed by you, once. Pages in a web browser can&apos;t read replies unless you list their address. Every request is in the request log.</source>
        <translation>オンにしない限りオフのままです。オンにすると、OpenAI API を話すこのコンピューター上のプログラム (エディター、スクリプト、チャットアプリ) が、下のトークンを使って Hisho のモデルを利用できます。モデル「hisho-library」はあなたの文書から出典付きで答えます。ただし各プログラムは最初に一度あなたの許可が必要です。ウェブブラウザーのページは、アドレスを登録しない限り返答を読めません。すべてのリクエストはリクエストログに記録されます。</translation>
    </message>
    <message>
        <source>Run the local API</source>
        <translation>ローカル API を実行する</translation>
    </message>
    <message>
        <source>Address and access</source>
        <translation>アドレスとアクセス</translation>
    </message>
    <message>
        <source>Open the request log…</source>
        <translation>リクエストログを開く…</translation>
    </message>
    <message>
        <source>Address to listen on</source>
        <translation>待ち受けるアドレス</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Allow an address other than this computer</source>
        <translation>このコンピューター以外のアドレスを許可する</translation>
    </message>
    <message>
        <source>Another address lets other computers on the network try to connect. Only the token keeps them out, and it travels unencrypted: use this only on a network you trust.</source>
        <translation>ほかのアドレスでは、ネットワーク上のほかのコンピューターが接続を試みられます。防いでいるのはトークンだけで、しかも暗号化されずに送られます。信頼できるネットワークでのみ使ってください。</translation>
    </message>
    <message>
        <source>Address for programs</source>
        <translation>プログラム用のアドレス</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Copy token</source>
        <translation>トークンをコピー</translation>
    </message>
    <message>
        <source>New token</source>
        <translation>新しいトークン</translation>
    </message>
    <message>
        <source>Programs using the old token must be given the new one</source>
        <translation>古いトークンを使っているプログラムには新しいトークンを設定し直す必要があります</translation>
    </message>
    <message>
        <source>Web pages allowed to read replies</source>
        <translation>返答を読めるウェブページ</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>アドレス:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>ベース URL:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>トークン:</translation>
    </message>
    <message>
        <source>Kept only in your system keyring. Programs send it as their OpenAI API key.</source>
        <translation>システムのキーリングにのみ保存されます。プログラムはこれを OpenAI API キーとして送ります。</translation>
    </message>
    <message>
        <source>Web pages:</source>
        <translation>ウェブページ:</translation>
    </message>
    <message>
        <source>Addresses of web pages that may read replies, separated by spaces. Empty: none.</source>
        <translation>返答を読んでよいウェブページのアドレスを空白で区切って入力します。空欄ならどのページも読めません。</translation>
    </message>
    <message>
        <source>Programs allowed to read your documents</source>
        <translation>文書を読むことを許可したプログラム</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Hisho asks the first time a program wants your documents; `hisho serve` lets only these in.</source>
        <translation>プログラムが初めて文書を求めたときに Hisho が確認します。`hisho serve` はここにあるプログラムだけを通します。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隠す</translation>
    </message>
</context>
<context>
    <name>LogWindow</name>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Use my setting</source>
        <translation>設定に従う</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>使用しない</translation>
    </message>
    <message>
        <source>Ask each time</source>
        <translation>毎回確認する</translation>
    </message>
    <message>
        <source>Automatically when the local model can&apos;t answer</source>
        <translation>ローカルモデルで回答できないときに自動で使用</translation>
    </message>
    <message>
        <source>&amp;Brief (a paragraph)</source>
        <translation>簡潔(&amp;B)（1 段落）</translation>
    </message>
    <message>
        <source>B&amp;ullet points</source>
        <translation>箇条書き(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Detailed</source>
        <translation>詳細(&amp;D)</translation>
    </message>
    <message>
        <source>Conversations and files</source>
        <translation>会話とファイル</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop generating</source>
        <translation>生成を停止</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <source>Regenerate the last answer</source>
        <translation>最後の回答を再生成</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>モデルなし</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Copied the code</source>
        <translation>コードをコピーしました</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>チャット</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <source>Your files: add documents and ask about them</source>
        <translation>あなたのファイル：ドキュメントを追加して質問できます</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>新しい会話(&amp;N)</translation>
    </message>
    <message>
        <source>Choose chat &amp;model file…</source>
        <translation>チャットモデルのファイルを選択(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>モデル(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Summa&amp;rize a file…</source>
        <translation>ファイルを要約(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Search conversations</source>
        <translation>会話を検索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Rename conversation</source>
        <translation>会話の名前を変更(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Stop generating</source>
        <translation>生成を停止(&amp;S)</translation>
    </message>
    <message>
        <source>This conversation as &amp;Markdown…</source>
        <translation>この会話を Markdown で(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;All conversations (Hisho JSON)…</source>
        <translation>すべての会話 (Hisho JSON)(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import conversations…</source>
        <translation>会話を取り込む(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>エクスポート(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy the last answer</source>
        <translation>最後の回答をコピー(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Edit the last question</source>
        <translation>最後の質問を編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Fork from the last answer</source>
        <translation>最後の回答から分岐(&amp;F)</translation>
    </message>
    <message>
        <source>Command &amp;palette…</source>
        <translation>コマンドパレット(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Regenerate answer</source>
        <translation>回答を再生成(&amp;R)</translation>
    </message>
    <message>
        <source>Summari&amp;ze this conversation</source>
        <translation>この会話を要約(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Tools log — every tool call…</source>
        <translation>ツールのログ — すべてのツール呼び出し(&amp;T)…</translation>
    </message>
    <message>
        <source>Summary &amp;length</source>
        <translation>要約の長さ(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Think before answering</source>
        <translation>回答の前に思考する(&amp;T)</translation>
    </message>
    <message>
        <source>Think</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Answer with the &amp;cloud model</source>
        <translation>クラウドモデルで回答(&amp;C)</translation>
    </message>
    <message>
        <source>Cloud in this &amp;conversation</source>
        <translation>この会話でのクラウド(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Let the model think before it answers in this conversation: slower, often better on hard questions. Its thinking is shown folded.</source>
        <translation>この会話では、モデルが回答の前に思考します。時間はかかりますが、難しい質問ではよりよい回答になることが多くなります。思考は折りたたんで表示されます。</translation>
    </message>
    <message>
        <source>This model always thinks before it answers; it can&apos;t be turned off.</source>
        <translation>このモデルは常に回答の前に思考します。オフにはできません。</translation>
    </message>
    <message>
        <source>The model in use has no thinking to turn off.</source>
        <translation>使用中のモデルには、オフにできる思考がありません。</translation>
    </message>
    <message>
        <source>&amp;Egress log — what left this computer…</source>
        <translation>送信ログ(&amp;E) — このコンピューターから送信された内容…</translation>
    </message>
    <message>
        <source>Answer with the &amp;cloud model ({model})</source>
        <translation>クラウドモデルで回答(&amp;C)（{model}）</translation>
    </message>
    <message>
        <source>Answer with the &amp;cloud model (turn on in Settings › Cloud)</source>
        <translation>クラウドモデルで回答(&amp;C)（設定 › クラウド でオンにします）</translation>
    </message>
    <message>
        <source>Editing an earlier message: sending replaces it and what followed. Esc cancels.</source>
        <translation>以前のメッセージを編集中です。送信すると、そのメッセージと以降のやり取りが置き換わります。Esc でキャンセルします。</translation>
    </message>
    <message>
        <source>Ask about {what} in this conversation</source>
        <translation>この会話で {what} について質問</translation>
    </message>
    <message>
        <source>Ask about {what} in a new conversation</source>
        <translation>新しい会話で {what} について質問</translation>
    </message>
    <message>
        <source>Summarize {what}</source>
        <translation>{what} を要約</translation>
    </message>
    <message>
        <source>Ask about {what} in “{title}”</source>
        <translation>「{title}」で {what} について質問</translation>
    </message>
    <message>
        <source>Add {what} to {library}</source>
        <translation>{what} を {library} に追加</translation>
    </message>
    <message>
        <source>Add {what} to your files</source>
        <translation>{what} をライブラリに追加</translation>
    </message>
</context>
<context>
    <name>Markdown</name>
    <message>
        <source>[image not loaded: {name}]</source>
        <translation>[画像は読み込まれていません：{name}]</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Copy message</source>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>メッセージを編集</translation>
    </message>
    <message>
        <source>Regenerate answer</source>
        <translation>回答を再生成</translation>
    </message>
    <message>
        <source>Fork from here</source>
        <translation>ここから分岐</translation>
    </message>
    <message>
        <source>Message actions</source>
        <translation>メッセージの操作</translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <source>Loading model…</source>
        <translation>モデルを読み込み中…</translation>
    </message>
    <message>
        <source>{name} · {context} tokens context · {where}</source>
        <translation>{name} · コンテキスト長 {context} トークン · {where}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Chat format: {source}.</source>
        <translation>チャット形式：{source}。</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU {name}, {layers} of {total} layers</source>
        <translation>GPU {name}（{total} 層中 {layers} 層）</translation>
    </message>
    <message>
        <source>Model not available</source>
        <translation>モデルを利用できません</translation>
    </message>
    <message>
        <source>Stop the current answer before changing the model.</source>
        <translation>モデルを変更する前に、現在の回答を停止してください。</translation>
    </message>
    <message>
        <source>Choose a chat model</source>
        <translation>チャットモデルを選択</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
</context>
<context>
    <name>ModelSettingsDialog</name>
    <message>
        <source>Settings for {name}</source>
        <translation>{name} の設定</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> トークン</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Context size:</source>
        <translation>コンテキスト長:</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU スレッド数:</translation>
    </message>
    <message>
        <source>GPU layers:</source>
        <translation>GPU レイヤー数:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Repeat penalty:</source>
        <translation>繰り返しペナルティ:</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>システムプロンプト:</translation>
    </message>
    <message>
        <source>Trained for {count} tokens of context.</source>
        <translation>学習時のコンテキスト長は {count} トークンです。</translation>
    </message>
    <message>
        <source>The model does not say how much context it was trained for.</source>
        <translation>このモデルには学習時のコンテキスト長が記録されていません。</translation>
    </message>
    <message>
        <source>GPU layers need a GPU build of llama.cpp; this one uses the CPU.</source>
        <translation>GPU レイヤーには GPU 対応版の llama.cpp が必要です。この版は CPU を使います。</translation>
    </message>
    <message>
        <source>Use the general settings</source>
        <translation>共通の設定に戻す</translation>
    </message>
</context>
<context>
    <name>ModelsController</name>
    <message>
        <source>Stop the current answer before changing the model.</source>
        <translation>モデルを変更する前に、現在の回答を停止してください。</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>モデルを追加</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>モデルを削除</translation>
    </message>
    <message>
        <source>Delete {name} ({size} MB)? This cannot be undone.</source>
        <translation>{name}（{size} MB）を削除しますか？この操作は元に戻せません。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>{name} is already installed.</source>
        <translation>{name} はすでにインストールされています。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Downloaded and verified: {name}</source>
        <translation>ダウンロードと検証が完了しました：{name}</translation>
    </message>
    <message>
        <source>Paused: download it again to continue where it stopped.</source>
        <translation>一時停止しました。もう一度ダウンロードすると、中断したところから再開します。</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>ダウンロードをキャンセルしました。</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <source>Model file</source>
        <translation>モデルファイル</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>ファミリー</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>パラメーター数</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>学習時のコンテキスト長</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>動作可否</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>動作可能</translation>
    </message>
    <message>
        <source>may be slow</source>
        <translation>遅い可能性あり</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>メモリ不足</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>インストール済みのモデル</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <source>Get more models</source>
        <translation>ほかのモデルを入手</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>このモデルを使用</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>ダウンロード…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} トークン</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
</context>
<context>
    <name>PreferencesController</name>
    <message>
        <source>Could not change starting at login: {error}</source>
        <translation>ログイン時に起動の設定を変更できませんでした：{error}</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>設定を保存しました</translation>
    </message>
    <message>
        <source>The new language applies when Hisho starts again.</source>
        <translation>新しい言語は Hisho を次に起動したときに適用されます。</translation>
    </message>
    <message>
        <source>Could not open the keyboard settings. Open them from your desktop&apos;s settings and add a shortcut that runs the command shown.</source>
        <translation>キーボード設定を開けませんでした。デスクトップの設定から開き、表示されているコマンドを実行するショートカットを追加してください。</translation>
    </message>
</context>
<context>
    <name>PresetsDialog</name>
    <message>
        <source>Personas and prompts</source>
        <translation>ペルソナとプロンプト</translation>
    </message>
    <message>
        <source>Personas</source>
        <translation>ペルソナ</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>Persona name</source>
        <translation>ペルソナ名</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>Own temperature</source>
        <translation>独自の温度</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>typed as /name</source>
        <translation>/名前 で呼び出し</translation>
    </message>
    <message>
        <source>Prompt name</source>
        <translation>プロンプト名</translation>
    </message>
    <message>
        <source>Prompt text</source>
        <translation>プロンプトの本文</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>Edit project</source>
        <translation>プロジェクトを編集</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新しいプロジェクト</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>プロジェクト名</translation>
    </message>
    <message>
        <source>Answer from</source>
        <translation>検索範囲</translation>
    </message>
    <message>
        <source>The settings&apos; system prompt</source>
        <translation>設定のシステムプロンプト</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
</context>
<context>
    <name>PromptPopup</name>
    <message>
        <source>Prompts</source>
        <translation>プロンプト</translation>
    </message>
</context>
<context>
    <name>QuickController</name>
    <message>
        <source>Hisho is answering in the main window; your question is sent as soon as it is done.</source>
        <translation>Hisho はメインウィンドウで回答中です。完了しだい、質問を送信します。</translation>
    </message>
    <message>
        <source>[… the rest of the clipboard text was left out]</source>
        <translation>[… クリップボードのテキストの残りは省略されました]</translation>
    </message>
    <message>
        <source>Text from my clipboard:</source>
        <translation>クリップボードのテキスト：</translation>
    </message>
    <message>
        <source>The clipboard has no text; asking without it.</source>
        <translation>クリップボードにテキストがないため、テキストなしで質問します。</translation>
    </message>
    <message>
        <source>Hisho could not start answering; try again.</source>
        <translation>Hisho は回答を開始できませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>考え中…</translation>
    </message>
    <message>
        <source>{name} p. {page}</source>
        <translation>{name} {page}ページ</translation>
    </message>
    <message>
        <source>The answer failed.</source>
        <translation>回答に失敗しました。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
</context>
<context>
    <name>QuickPrompt</name>
    <message>
        <source>Hisho quick prompt</source>
        <translation>Hisho クイックプロンプト</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>Ask Hisho…</source>
        <translation>Hisho に質問…</translation>
    </message>
    <message>
        <source>Use my documents</source>
        <translation>ドキュメントを使用</translation>
    </message>
    <message>
        <source>Answer from all the files you added to Hisho</source>
        <translation>Hisho に追加したすべてのファイルをもとに回答します</translation>
    </message>
    <message>
        <source>Include clipboard text</source>
        <translation>クリップボードのテキストを含める</translation>
    </message>
    <message>
        <source>Send the text on the clipboard with your question</source>
        <translation>クリップボードのテキストを質問と一緒に送ります</translation>
    </message>
    <message>
        <source>Enter to ask · Esc to hide</source>
        <translation>Enter で質問 · Esc で閉じる</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Continue in Hisho</source>
        <translation>Hisho で続ける</translation>
    </message>
    <message>
        <source>Continue this conversation in the Hisho window</source>
        <translation>この会話を Hisho のウィンドウで続ける</translation>
    </message>
    <message>
        <source>Sources: {sources}</source>
        <translation>出典：{sources}</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Conversation history damaged</source>
        <translation>会話履歴が破損しています</translation>
    </message>
    <message>
        <source>Your conversation history could not be opened: the file is damaged.</source>
        <translation>会話履歴を開けませんでした。ファイルが破損しています。</translation>
    </message>
    <message>
        <source>Hisho keeps daily backups. The newest good one is from {date}; conversations since then are not in it.</source>
        <translation>Hisho は毎日バックアップを保存しています。正常な最新のバックアップは {date} のものです。それ以降の会話は含まれていません。</translation>
    </message>
    <message>
        <source>There is no backup to restore.</source>
        <translation>復元できるバックアップはありません。</translation>
    </message>
    <message>
        <source>Whatever you choose, the damaged file is kept, renamed, so it can still be recovered with other tools.</source>
        <translation>どれを選んでも、破損したファイルは名前を変更して保存されるため、ほかのツールで復旧を試みることができます。</translation>
    </message>
    <message>
        <source>The file: {path}</source>
        <translation>ファイル：{path}</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>バックアップを復元</translation>
    </message>
    <message>
        <source>Start a new history</source>
        <translation>新しい履歴を開始</translation>
    </message>
    <message>
        <source>Continue without saving</source>
        <translation>保存せずに続行</translation>
    </message>
</context>
<context>
    <name>ScopeController</name>
    <message>
        <source>Ask about {scope}…</source>
        <translation>{scope}について質問…</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} 個の項目</translation>
    </message>
</context>
<context>
    <name>ScopeSelector</name>
    <message>
        <source>Chat only</source>
        <translation>チャットのみ</translation>
    </message>
    <message>
        <source>All my files</source>
        <translation>すべてのファイル</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>ファイル：{name}</translation>
    </message>
    <message>
        <source>Library: {name}</source>
        <translation>ライブラリ：{name}</translation>
    </message>
    <message>
        <source>the library “{name}”</source>
        <translation>ライブラリ「{name}」</translation>
    </message>
    <message>
        <source>all your files</source>
        <translation>すべてのファイル</translation>
    </message>
    <message>
        <source>Answer from</source>
        <translation>検索範囲</translation>
    </message>
    <message>
        <source>What Hisho&apos;s answers in this conversation draw on</source>
        <translation>この会話で Hisho が回答に使う情報</translation>
    </message>
    <message>
        <source>Files status</source>
        <translation>ファイルの状態</translation>
    </message>
    <message>
        <source>Use the whole document</source>
        <translation>文書全体を使う</translation>
    </message>
    <message>
        <source>How much of the file fits</source>
        <translation>ファイルのどれだけが収まるか</translation>
    </message>
</context>
<context>
    <name>ServersController</name>
    <message>
        <source>My servers</source>
        <translation>マイサーバー</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>モデルを探しています…</translation>
    </message>
    <message>
        <source>No server models yet: add a server, or start Ollama or LM Studio here.</source>
        <translation>サーバーのモデルはまだありません。サーバーを追加するか、このコンピューターで Ollama か LM Studio を起動してください。</translation>
    </message>
    <message>
        <source>Give the server a name (without “/”).</source>
        <translation>サーバーに名前を付けてください (「/」は使えません)。</translation>
    </message>
    <message>
        <source>There is a server called {name} already.</source>
        <translation>{name} という名前のサーバーはすでにあります。</translation>
    </message>
    <message>
        <source>Answers now come from {model} on {server}</source>
        <translation>これからは {server} の {model} が答えます</translation>
    </message>
    <message>
        <source>Answers now come from the local model</source>
        <translation>これからはローカルモデルが答えます</translation>
    </message>
</context>
<context>
    <name>ServersTab</name>
    <message>
        <source>Models on servers you run — Ollama, LM Studio, a llama.cpp server or vLLM — on this computer or your own network (home LAN, VPN). They answer without asking each time; every request is listed in Help › Egress log. A server elsewhere on the internet belongs in Settings › Cloud.</source>
        <translation>このコンピューターや自分のネットワーク (家庭の LAN、VPN) で動かしているサーバー — Ollama、LM Studio、llama.cpp サーバー、vLLM — のモデルです。毎回確認せずに答えますが、すべてのリクエストは ヘルプ › 送信ログ に記録されます。インターネット上の別の場所にあるサーバーは 設定 › クラウド で追加してください。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Models on your servers</source>
        <translation>自分のサーバーのモデル</translation>
    </message>
    <message>
        <source>Use for chat</source>
        <translation>チャットに使う</translation>
    </message>
    <message>
        <source>Use the local model</source>
        <translation>ローカルモデルを使う</translation>
    </message>
    <message>
        <source>Add server…</source>
        <translation>サーバーを追加…</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>サーバーを削除</translation>
    </message>
    <message>
        <source>Find engines and refresh</source>
        <translation>エンジンを探して更新</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>found on this computer</source>
        <translation>このコンピューターで見つかりました</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>This desktop has no system tray (notification area), so Hisho works as a normal window app: closing the window quits it.</source>
        <translation>このデスクトップにはシステムトレイ（通知領域）がないため、Hisho は通常のウィンドウアプリとして動作します。ウィンドウを閉じると終了します。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>ドキュメント</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>クラウド</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>ローカル API</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Language of the window</source>
        <translation>ウィンドウの言語</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>システムの設定に従う</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <source>A new language applies when Hisho starts again.</source>
        <translation>言語の変更は Hisho を次に起動したときに適用されます。</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外観</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>テーマ:</translation>
    </message>
    <message>
        <source>Searching your files</source>
        <translation>ファイルの検索</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>埋め込みモデル</translation>
    </message>
    <message>
        <source>many languages</source>
        <translation>多言語</translation>
    </message>
    <message>
        <source>English only</source>
        <translation>英語のみ</translation>
    </message>
    <message>
        <source>{name} ({languages})</source>
        <translation>{name}（{languages}）</translation>
    </message>
    <message>
        <source>Embedding model:</source>
        <translation>埋め込みモデル:</translation>
    </message>
    <message>
        <source>The embedding model finds passages by meaning. The default one knows English only, so Japanese questions rely on keyword search. To search by meaning in Japanese, put a multilingual sentence-transformers model (for example paraphrase-multilingual-MiniLM-L12-v2) in the models folder and choose it here. Changing it re-indexes your files after you confirm.</source>
        <translation>埋め込みモデルは、意味の近い抜粋を見つけます。標準のモデルは英語のみに対応しているため、日本語の質問ではキーワード検索が中心になります。日本語でも意味で検索するには、多言語の sentence-transformers モデル（例: paraphrase-multilingual-MiniLM-L12-v2）をモデルフォルダーに置き、ここで選んでください。変更すると、確認のうえでファイルのインデックスを作り直します。</translation>
    </message>
    <message>
        <source>Window and tray</source>
        <translation>ウィンドウとトレイ</translation>
    </message>
    <message>
        <source>Keep Hisho running in the tray when I close the window</source>
        <translation>ウィンドウを閉じても Hisho をトレイで実行し続ける</translation>
    </message>
    <message>
        <source>Quick prompt</source>
        <translation>クイックプロンプト</translation>
    </message>
    <message>
        <source>Global shortcut for the quick prompt</source>
        <translation>クイックプロンプトのグローバルショートカット</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>No global shortcut</source>
        <translation>グローバルショートカットを使わない</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>既定</translation>
    </message>
    <message>
        <source>Global shortcut:</source>
        <translation>グローバルショートカット：</translation>
    </message>
    <message>
        <source>Command that opens the quick prompt</source>
        <translation>クイックプロンプトを開くコマンド</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Open keyboard settings…</source>
        <translation>キーボードの設定を開く…</translation>
    </message>
    <message>
        <source>Start-up</source>
        <translation>起動</translation>
    </message>
    <message>
        <source>Start Hisho when I log in (in the tray)</source>
        <translation>ログイン時に Hisho を起動（トレイで）</translation>
    </message>
    <message>
        <source>Start Hisho when I log in (with its window)</source>
        <translation>ログイン時に Hisho を起動（ウィンドウを表示）</translation>
    </message>
</context>
<context>
    <name>ShortcutController</name>
    <message>
        <source>{problem} Until then, open the quick prompt from the tray icon or with `hisho --quick` (change the shortcut in File › Settings).</source>
        <translation>{problem} それまでは、トレイアイコンまたは `hisho --quick` でクイックプロンプトを開いてください（ショートカットはファイル › 設定で変更できます）。</translation>
    </message>
</context>
<context>
    <name>SourceController</name>
    <message>
        <source>{name} is no longer at {path}.

It may have been moved, renamed or deleted. Add it again from its new place to ask about it.</source>
        <translation>{name} は {path} にありません。

移動、名前の変更、または削除された可能性があります。質問するには、新しい場所からもう一度追加してください。</translation>
    </message>
</context>
<context>
    <name>SourceViewer</name>
    <message>
        <source>{name} — Hisho</source>
        <translation>{name} — Hisho</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>Source title</source>
        <translation>出典のタイトル</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Open in default app</source>
        <translation>既定のアプリで開く</translation>
    </message>
    <message>
        <source>Open the file in its default app</source>
        <translation>ファイルを既定のアプリで開く</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ 前へ</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>前のページ</translation>
    </message>
    <message>
        <source>Previous page (Ctrl+Page Up)</source>
        <translation>前のページ（Ctrl+Page Up）</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>次へ ›</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>次のページ</translation>
    </message>
    <message>
        <source>Next page (Ctrl+Page Down)</source>
        <translation>次のページ（Ctrl+Page Down）</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>ページ番号</translation>
    </message>
    <message>
        <source>Cited passage</source>
        <translation>引用された抜粋</translation>
    </message>
    <message>
        <source>Passage in context</source>
        <translation>前後の文脈を含む抜粋</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>開いています…</translation>
    </message>
    <message>
        <source>Page {number} of {count}</source>
        <translation>{number} / {count} ページ</translation>
    </message>
</context>
<context>
    <name>Sources</name>
    <message>
        <source>scanned page {page}</source>
        <translation>スキャン {page} ページ</translation>
    </message>
    <message>
        <source>slide {page}</source>
        <translation>スライド {page}</translation>
    </message>
    <message>
        <source>sheet {page}</source>
        <translation>シート {page}</translation>
    </message>
    <message>
        <source>chapter {page}</source>
        <translation>第 {page} 章</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>{page} ページ</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>1 more source</source>
        <translation>ほか 1 件の出典</translation>
    </message>
    <message>
        <source>{count} more sources</source>
        <translation>ほか {count} 件の出典</translation>
    </message>
    <message>
        <source>Sources this answer did not draw on</source>
        <translation>この回答が使わなかった出典</translation>
    </message>
</context>
<context>
    <name>StarterCard</name>
    <message>
        <source>See all models…</source>
        <translation>すべてのモデルを見る…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>今はしない</translation>
    </message>
    <message>
        <source>You&apos;re chatting with the starter model</source>
        <translation>いまはスターターモデルで会話しています</translation>
    </message>
    <message>
        <source>{name} is tiny: it starts fast and is fine for trying Hisho out, but it often gets facts wrong, even when Hisho found the right passage in your files. A bigger model answers far better.</source>
        <translation>{name} はとても小さなモデルです。すぐに起動し、Hisho を試すには十分ですが、Hisho がファイルから正しい抜粋を見つけても、事実を間違えることがよくあります。より大きなモデルなら、はるかに良い回答が得られます。</translation>
    </message>
    <message>
        <source>Recommended for this computer: {name} — {size}, {licence}, {speed}.</source>
        <translation>このコンピューターへのおすすめ：{name} — {size}、{licence}、{speed}。</translation>
    </message>
    <message>
        <source>Its licence does not allow commercial use.</source>
        <translation>このモデルのライセンスでは商用利用が認められていません。</translation>
    </message>
    <message>
        <source>Resume download ({percent}% done)</source>
        <translation>ダウンロードを再開（{percent}% 完了）</translation>
    </message>
    <message>
        <source>Get {name} ({size})</source>
        <translation>{name} を入手（{size}）</translation>
    </message>
    <message>
        <source>Paused. Resume any time, also after a restart.</source>
        <translation>一時停止しました。再起動後も含め、いつでも再開できます。</translation>
    </message>
    <message>
        <source>{name} is downloaded and verified.</source>
        <translation>{name} をダウンロードし、検証しました。</translation>
    </message>
    <message>
        <source>Use {name} now</source>
        <translation>今すぐ {name} を使う</translation>
    </message>
</context>
<context>
    <name>StarterController</name>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>ダウンロードをキャンセルしました。</translation>
    </message>
    <message>
        <source>Stop the current answer before changing the model.</source>
        <translation>モデルを変更する前に、現在の回答を停止してください。</translation>
    </message>
</context>
<context>
    <name>SummaryController</name>
    <message>
        <source>Hisho is still answering. Summarize when it is done, or press Stop first.</source>
        <translation>Hisho はまだ回答中です。完了してから要約するか、先に停止を押してください。</translation>
    </message>
    <message>
        <source>Summarize a file</source>
        <translation>ファイルを要約</translation>
    </message>
    <message>
        <source>Summary of {name}</source>
        <translation>{name} の要約</translation>
    </message>
    <message>
        <source>Summarizing {title}…</source>
        <translation>{title} を要約中…</translation>
    </message>
    <message>
        <source>This conversation is empty: there is nothing to summarize.</source>
        <translation>この会話は空です。要約するものがありません。</translation>
    </message>
    <message>
        <source>Summarizing this conversation…</source>
        <translation>この会話を要約中…</translation>
    </message>
    <message>
        <source>Summarizing the selected text…</source>
        <translation>選択したテキストを要約中…</translation>
    </message>
</context>
<context>
    <name>ThinkButton</name>
    <message>
        <source>Think before answering</source>
        <translation>回答の前に思考する</translation>
    </message>
</context>
<context>
    <name>ToolConsentDialog</name>
    <message>
        <source>Run {tool}?</source>
        <translation>{tool} を実行しますか？</translation>
    </message>
    <message>
        <source>Run the tool {tool} of {server}?</source>
        <translation>{server} のツール {tool} を実行しますか？</translation>
    </message>
    <message>
        <source>{server} is a program on this computer that may reach the network. It gets exactly the arguments below. Nothing runs unless you allow it.</source>
        <translation>{server} はこのコンピューター上のプログラムで、ネットワークに接続することがあります。渡されるのは下の引数そのままです。許可しない限り何も実行されません。</translation>
    </message>
    <message>
        <source>The call&apos;s arguments</source>
        <translation>呼び出しの引数</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>今回だけ許可</translation>
    </message>
    <message>
        <source>Allow this tool in this conversation</source>
        <translation>この会話ではこのツールを許可</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>拒否</translation>
    </message>
</context>
<context>
    <name>ToolsController</name>
    <message>
        <source>Running the tool {tool}…</source>
        <translation>ツール {tool} を実行中…</translation>
    </message>
</context>
<context>
    <name>ToolsLogWindow</name>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果の状態</translation>
    </message>
    <message>
        <source>Tools log — every tool call</source>
        <translation>ツールのログ — すべてのツール呼び出し</translation>
    </message>
    <message>
        <source>Tool calls, newest first</source>
        <translation>ツール呼び出し（新しい順）</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>内蔵</translation>
    </message>
    <message>
        <source>No tool has been called yet.</source>
        <translation>まだツールは呼び出されていません。</translation>
    </message>
    <message>
        <source>{count} calls. The arguments and results are kept only in the conversations.</source>
        <translation>呼び出しは {count} 件です。引数と結果は会話の中にだけ保存されます。</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>done, cut to fit</source>
        <translation>完了（収まるように切り詰め）</translation>
    </message>
    <message>
        <source>denied: nothing was sent</source>
        <translation>拒否：何も送信されていません</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止しました</translation>
    </message>
    <message>
        <source>{count} B</source>
        <translation>{count} B</translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>組み込み</translation>
    </message>
    <message>
        <source>Tool {name}</source>
        <translation>ツール {name}</translation>
    </message>
    <message>
        <source>[… {size} more not shown]</source>
        <translation>[… 残り {size} は表示していません]</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>引数：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>結果：</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Hide the call&apos;s arguments and result</source>
        <translation>呼び出しの引数と結果を隠す</translation>
    </message>
    <message>
        <source>Show the call&apos;s exact arguments and its result</source>
        <translation>呼び出しの正確な引数と結果を表示</translation>
    </message>
    <message>
        <source>interrupted: the reply did not finish</source>
        <translation>中断：回答が完了しませんでした</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗しました</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>Ask anything. Hisho answers on this computer; nothing you type leaves it.</source>
        <translation>何でも質問してください。Hisho はこのコンピューター上で回答します。入力した内容が外部に送信されることはありません。</translation>
    </message>
    <message>
        <source>Summarize selection</source>
        <translation>選択範囲を要約</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>This answer was written by a cloud provider, not on this computer.</source>
        <translation>この回答はこのコンピューター上ではなく、クラウドプロバイダーによって作成されました。</translation>
    </message>
    <message>
        <source>{time} · {model}</source>
        <translation>{time} · {model}</translation>
    </message>
    <message>
        <source>cloud</source>
        <translation>クラウド</translation>
    </message>
    <message>
        <source>your server</source>
        <translation>自分のサーバー</translation>
    </message>
    <message>
        <source>code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Copy this code</source>
        <translation>このコードをコピー</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Fork</source>
        <translation>分岐</translation>
    </message>
    <message>
        <source>Start a new conversation with everything up to here</source>
        <translation>ここまでの内容で新しい会話を始める</translation>
    </message>
    <message>
        <source>Earlier version</source>
        <translation>前のバージョン</translation>
    </message>
    <message>
        <source>Later version</source>
        <translation>次のバージョン</translation>
    </message>
    <message>
        <source>{number} / {total}</source>
        <translation>{number} / {total}</translation>
    </message>
    <message>
        <source>Versions of this turn</source>
        <translation>このやり取りのバージョン</translation>
    </message>
    <message>
        <source>The model gave no answer after its thinking.</source>
        <translation>モデルは思考のあと、回答しませんでした。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Thought for {count} s</source>
        <translation>{count} 秒間思考</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>{count} s</source>
        <translation>{count} 秒</translation>
    </message>
    <message>
        <source>Hide the model&apos;s thinking</source>
        <translation>モデルの思考を隠す</translation>
    </message>
    <message>
        <source>Show what the model thought before it answered</source>
        <translation>モデルが回答の前に考えたことを表示</translation>
    </message>
</context>
<context>
    <name>TransferController</name>
    <message>
        <source>Conversation exports (*.zip *.json)</source>
        <translation>会話のエクスポート (*.zip *.json)</translation>
    </message>
    <message>
        <source>ChatGPT or Claude export (*.zip conversations.json)</source>
        <translation>ChatGPT または Claude のエクスポート (*.zip conversations.json)</translation>
    </message>
    <message>
        <source>Hisho JSON (*.json)</source>
        <translation>Hisho JSON 形式 (*.json)</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>会話を取り込む</translation>
    </message>
    <message>
        <source>The import failed.</source>
        <translation>取り込みに失敗しました。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>{name} を読み込んでいます…</translation>
    </message>
    <message>
        <source>Importing from {source}: {count} conversations read…</source>
        <translation>{source} から取り込み中：{count} 件の会話を読み込みました…</translation>
    </message>
    <message>
        <source>Importing: {count} conversations read…</source>
        <translation>取り込み中：{count} 件の会話を読み込みました…</translation>
    </message>
    <message>
        <source>Export all conversations</source>
        <translation>すべての会話をエクスポート</translation>
    </message>
    <message>
        <source>The export failed.</source>
        <translation>エクスポートに失敗しました。</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>{name} に書き出しています…</translation>
    </message>
    <message>
        <source>Exporting conversation {done} of {total}…</source>
        <translation>会話をエクスポートしています（{total} 件中 {done} 件目）…</translation>
    </message>
    <message>
        <source>Export stopped; no file was written.</source>
        <translation>エクスポートを中止しました。ファイルは書き出していません。</translation>
    </message>
    <message>
        <source>Exported 1 conversation to {path}</source>
        <translation>1 件の会話を {path} にエクスポートしました</translation>
    </message>
    <message>
        <source>Exported {count} conversations to {path}</source>
        <translation>{count} 件の会話を {path} にエクスポートしました</translation>
    </message>
    <message>
        <source>An import or export is running; wait for it to finish.</source>
        <translation>取り込みまたはエクスポートの実行中です。終わるまでお待ちください。</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Hisho is still running</source>
        <translation>Hisho は実行中です</translation>
    </message>
    <message>
        <source>Click the tray icon to open the window or press {shortcut} for the quick prompt. To quit when the window closes, change it in File › Settings.</source>
        <translation>トレイアイコンをクリックするとウィンドウを開きます。{shortcut} を押すとクイックプロンプトを開きます。ウィンドウを閉じたときに終了するには、ファイル › 設定で変更してください。</translation>
    </message>
    <message>
        <source>Click the tray icon to open the window. To quit when the window closes, change it in File › Settings.</source>
        <translation>トレイアイコンをクリックするとウィンドウを開きます。ウィンドウを閉じたときに終了するには、ファイル › 設定で変更してください。</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Quick prompt</source>
        <translation>クイックプロンプト</translation>
    </message>
    <message>
        <source>Show Hisho</source>
        <translation>Hisho を表示</translation>
    </message>
    <message>
        <source>Files: up to date</source>
        <translation>ファイル：最新の状態</translation>
    </message>
    <message>
        <source>Pause indexing</source>
        <translation>インデックス作成を一時停止</translation>
    </message>
    <message>
        <source>Quit Hisho</source>
        <translation>Hisho を終了</translation>
    </message>
    <message>
        <source>Reading files: {progress}</source>
        <translation>ファイルを読み込み中：{progress}</translation>
    </message>
    <message>
        <source>Resume indexing</source>
        <translation>インデックス作成を再開</translation>
    </message>
</context>
<context>
    <name>WholeDocument</name>
    <message>
        <source>Measuring whether {name} fits this model&apos;s context…</source>
        <translation>{name} がこのモデルのコンテキストに収まるか測っています…</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>問題が発生しました: {error}</translation>
    </message>
</context>
<context>
    <name>_Editor</name>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>The model in use</source>
        <translation>使用中のモデル</translation>
    </message>
</context>
</TS>
